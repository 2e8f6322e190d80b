namespace Asteroid.Events;

/// <summary>Something that happened to one mount, as published on <see cref="AsteroidStreams.Mounts"/>.
/// Subscribe to <c>IAsyncStream&lt;MountEvent&gt;</c> and switch on the type: today
/// <see cref="MountStatusChanged"/>, <see cref="MountCountChanged"/> and <see cref="TrackChanged"/>; new kinds
/// are added as new subclasses here, so a subscriber ignores what it does not know.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.events.mount-event")]
public abstract record class MountEvent(
    [property: Id(0)] string Server,
    [property: Id(1)] string Mount,
    [property: Id(2)] DateTimeOffset At);

/// <summary>A mount's poll status moved (<c>pending</c>, <c>ok</c>, <c>offline</c>, <c>timeout</c>…,
/// the strings of <c>MountStatus</c>), with the cause and the count at that moment.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.events.mount-status-changed")]
public sealed record class MountStatusChanged(
    string Server,
    string Mount,
    DateTimeOffset At,
    [property: Id(0)] string Status,
    [property: Id(1)] string? Detail,
    [property: Id(2)] string PreviousStatus,
    [property: Id(3)] int Listeners) : MountEvent(Server, Mount, At);

/// <summary>A mount's listener count moved: by a poll (what Icecast reported) or by a hook (at once,
/// until the next poll). <see cref="PreviousListeners"/> is null on the first count after the mount
/// grain activated (a silo restart, a new mount).</summary>
[GenerateSerializer, Immutable, Alias("asteroid.events.mount-count-changed")]
public sealed record class MountCountChanged(
    string Server,
    string Mount,
    DateTimeOffset At,
    [property: Id(0)] int Listeners,
    [property: Id(1)] int? PreviousListeners,
    [property: Id(2)] string Status) : MountEvent(Server, Mount, At);

/// <summary>A new play started on a mount (a poll saw new metadata, or a push announced it);
/// <see cref="MountEvent.At"/> is when it was noticed, <see cref="StartedAt"/> when it started.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.events.track-changed")]
public sealed record class TrackChanged(
    string Server,
    string Mount,
    DateTimeOffset At,
    [property: Id(0)] string? Artist,
    [property: Id(1)] string Title,
    [property: Id(2)] DateTimeOffset StartedAt,
    [property: Id(3)] string Source) : MountEvent(Server, Mount, At);
