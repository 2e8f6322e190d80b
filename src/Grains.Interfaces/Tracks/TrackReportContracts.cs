using Asteroid.Reports;

namespace Asteroid.Tracks;

/// <summary>The audience of one play, from the sessions of its mount (definitions in docs/metrics.md).</summary>
[GenerateSerializer, Immutable, Alias("asteroid.tracks.play-audience")]
public sealed record class PlayAudience(
    [property: Id(0)] int ListenersAtStart,
    [property: Id(1)] int ListenersAtEnd,
    [property: Id(2)] int PeakListeners,
    [property: Id(3)] int UniqueListeners,
    [property: Id(4)] int TuneIns,
    [property: Id(5)] int TuneOuts,
    [property: Id(6)] double ListenMinutes);

/// <summary>One play with its audience, its tune-out index (null when no baseline) and the baseline
/// behind it: the usual tune-outs per listener-minute of its hour of the week and how many plays
/// that rate comes from.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.tracks.play-row")]
public sealed record class PlayRow(
    [property: Id(0)] PlayRecord Play,
    [property: Id(1)] PlayAudience? Audience,
    [property: Id(2)] double? TuneOutIndex,
    [property: Id(3)] int BaselinePlays,
    [property: Id(4)] double? BaselineRate);

/// <summary>One track over a range: its plays' audience summed, peaks as maxima, listeners as the
/// union of the plays' listener sets (exact unless a set had become a sketch).</summary>
[GenerateSerializer, Immutable, Alias("asteroid.tracks.track-row")]
public sealed record class TrackRow(
    [property: Id(0)] string? Artist,
    [property: Id(1)] string Title,
    [property: Id(2)] int Plays,
    [property: Id(3)] long UniqueListeners,
    [property: Id(4)] bool UniqueListenersExact,
    [property: Id(5)] double ListenMinutes,
    [property: Id(6)] int TuneIns,
    [property: Id(7)] int TuneOuts,
    [property: Id(8)] int PeakListeners,
    [property: Id(9)] double? TuneOutIndex,
    [property: Id(10)] int BaselinePlays,
    [property: Id(11)] DateTimeOffset FirstPlayedAt,
    [property: Id(12)] DateTimeOffset LastPlayedAt);

/// <summary><c>/stats/plays</c>: the plays that started in the range, oldest first.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.tracks.plays-report")]
public sealed record class PlaysReport([property: Id(0)] ReportHeader Header, [property: Id(1)] string Traffic, [property: Id(2)] IReadOnlyList<PlayRow> Plays);

/// <summary><c>/stats/tracks</c>: one row per track, sorted as asked (largest first).</summary>
[GenerateSerializer, Immutable, Alias("asteroid.tracks.tracks-report")]
public sealed record class TracksReport(
    [property: Id(0)] ReportHeader Header, [property: Id(1)] string Traffic, [property: Id(2)] string Sort, [property: Id(3)] IReadOnlyList<TrackRow> Tracks);

/// <summary>The track reports (definitions in docs/metrics.md), for any scope a
/// <see cref="ReportRequest"/> names; <paramref name="net"/> false is gross traffic.</summary>
[Alias("asteroid.track-report")]
public interface ITrackReportGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    public static readonly IReadOnlyList<string> Sorts = ["plays", "uniqueListeners", "listenMinutes", "tuneOutIndex"];

    [Alias("plays")]
    Task<ReportResult<PlaysReport>> Plays(ReportRequest request, bool net);

    [Alias("tracks")]
    Task<ReportResult<TracksReport>> Tracks(ReportRequest request, bool net, string sort);

    /// <summary>As <see cref="Plays"/>, the plays that start in the local hours of one of the station's dayparts.</summary>
    [Alias("plays-daypart")]
    Task<ReportResult<PlaysReport>> PlaysInDaypart(ReportRequest request, bool net, string daypart);

    /// <summary>As <see cref="Tracks"/>, over the plays that start in the local hours of one of the station's dayparts.</summary>
    [Alias("tracks-daypart")]
    Task<ReportResult<TracksReport>> TracksInDaypart(ReportRequest request, bool net, string sort, string daypart);
}
