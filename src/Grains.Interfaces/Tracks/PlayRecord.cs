namespace Asteroid.Tracks;

/// <summary>One item on one mount: what played, from when to when, and how we know
/// (<see cref="PlaySources"/>). <see cref="EndedAt"/> is null while it is on air.
/// <see cref="StartPrecisionSeconds"/> bounds the error of <see cref="StartedAt"/> (half the gap
/// between the two polls around a change; 0 for a push; null when the play was already on air when
/// observation began, so its true start is earlier).</summary>
[GenerateSerializer, Immutable, Alias("asteroid.tracks.play")]
public sealed record class PlayRecord(
    [property: Id(0)] Guid PlayId,
    [property: Id(1)] string Server,
    [property: Id(2)] string Mount,
    [property: Id(3)] DateTimeOffset StartedAt,
    [property: Id(4)] DateTimeOffset? EndedAt,
    [property: Id(5)] int? StartPrecisionSeconds,
    [property: Id(6)] int? EndPrecisionSeconds,
    [property: Id(7)] string? Artist,
    [property: Id(8)] string Title,
    [property: Id(9)] string? Album,
    [property: Id(10)] string? Isrc,
    [property: Id(11)] string? Label,
    [property: Id(12)] int? DurationSeconds,
    [property: Id(13)] string Source)
{
    /// <summary>The case- and whitespace-insensitive identity of the track (<see cref="TrackNames.Key"/>).</summary>
    public string TrackKey => TrackNames.Key(Artist, Title);
}

public static class PlaySources
{
    public const string Poll = "poll";
    public const string Push = "push";
    public const string Import = "import";
}

/// <summary>A track change announced by an automation system (<c>POST /api/asteroid/now-playing/{server}</c>).
/// <see cref="StartedAt"/> null means "now".</summary>
[GenerateSerializer, Immutable, Alias("asteroid.tracks.push")]
public sealed record class TrackPush(
    [property: Id(0)] string Mount,
    [property: Id(1)] string? Artist,
    [property: Id(2)] string Title,
    [property: Id(3)] string? Album,
    [property: Id(4)] string? Isrc,
    [property: Id(5)] string? Label,
    [property: Id(6)] int? DurationSeconds,
    [property: Id(7)] DateTimeOffset? StartedAt);

/// <summary>The metadata a poll of <c>/admin/stats</c> saw on a live source: <c>&lt;artist&gt;</c>
/// (Ogg sources and some encoders) and <c>&lt;title&gt;</c> (for MP3 metadata updates Icecast joins
/// them as "Artist - Title"). Both null or empty: the source sends no metadata.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.tracks.polled")]
public sealed record class PolledTrack([property: Id(0)] string? Artist, [property: Id(1)] string? Title);
