namespace Asteroid.Mounts;

/// <summary>Persisted part of a mount grain: whether it should be polling, and the last time a poll
/// succeeded (written on each reminder tick), which bounds the end of sessions that closed while
/// no silo watched. Counts and listener lists are live data, rebuilt by the next poll; open
/// sessions are in the <c>open_sessions</c> table.</summary>
[GenerateSerializer, Alias("asteroid.mount-record")]
public sealed class MountRecord
{
    [Id(0)] public bool Polling { get; set; }

    [Id(1)] public DateTimeOffset? LastAliveAt { get; set; }
}
