using Asteroid.Analytics;
using Asteroid.Reports;

namespace Asteroid.Shows;

/// <summary>Of the listeners present at an episode's start, the share still listening at each 5 %
/// of it (21 shares: 0 %, 5 % … 100 %, the last at its last second).</summary>
[GenerateSerializer, Immutable, Alias("asteroid.shows.retention")]
public sealed record class EpisodeRetention([property: Id(0)] int ListenersAtStart, [property: Id(1)] IReadOnlyList<double> Shares);

/// <summary>One episode and its audience over its window (with <c>daypart=</c>: the part of it in
/// the daypart); <see cref="Previous"/> is the same show's episode a week before (compare=previous).</summary>
[GenerateSerializer, Immutable, Alias("asteroid.shows.episode-audience")]
public sealed record class EpisodeAudience(
    [property: Id(0)] DateTimeOffset Start,
    [property: Id(1)] DateTimeOffset End,
    [property: Id(2)] bool OneOff,
    [property: Id(3)] Metrics Metrics,
    [property: Id(4)] int TuneIns,
    [property: Id(5)] int TuneOuts,
    [property: Id(6)] EpisodeRetention Retention,
    [property: Id(7)] EpisodeAudience? Previous);

/// <summary>One show over the range: its episodes and their total (listeners as a union).</summary>
[GenerateSerializer, Immutable, Alias("asteroid.shows.show-audience")]
public sealed record class ShowAudience(
    [property: Id(0)] string ShowId,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Host,
    [property: Id(3)] IReadOnlyList<EpisodeAudience> Episodes,
    [property: Id(4)] Metrics Total,
    [property: Id(5)] int TuneIns,
    [property: Id(6)] int TuneOuts);

/// <summary><c>/stats/shows</c>: every show of the station, ranked by the AQH of its total, and the
/// total of all their episodes (listeners as a union).</summary>
[GenerateSerializer, Immutable, Alias("asteroid.shows.shows-report")]
public sealed record class ShowsReport(
    [property: Id(0)] ReportHeader Header,
    [property: Id(1)] string Traffic,
    [property: Id(2)] string? Daypart,
    [property: Id(3)] IReadOnlyList<ShowAudience> Shows,
    [property: Id(4)] Metrics Total,
    [property: Id(5)] int TuneIns,
    [property: Id(6)] int TuneOuts);

/// <summary>The show and daypart reports (definitions in docs/metrics.md), from the stored sessions.</summary>
[Alias("asteroid.show-report")]
public interface IShowReportGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>The longest range these reports compute: they read the raw sessions, not the day rows.</summary>
    public const int MaxDays = 93;

    [Alias("shows")]
    Task<ReportResult<ShowsReport>> Shows(ReportRequest request, string? daypart, bool comparePrevious);

    /// <summary><c>/stats/daily?daypart=</c>: each local day restricted to the daypart's hours, and the range's total.</summary>
    [Alias("daypart-daily")]
    Task<ReportResult<DailyReport>> DaypartDaily(ReportRequest request, string daypart);

    /// <summary><c>/stats/hourly?daypart=</c>: the local hours the daypart covers, each from the raw sessions, and the range's total.</summary>
    [Alias("daypart-hourly")]
    Task<ReportResult<HourlyReport>> DaypartHourly(ReportRequest request, string daypart);

    /// <summary><c>/stats/summary?daypart=</c>: the range's total, session lengths and breakdowns over the daypart's hours.</summary>
    [Alias("daypart-summary")]
    Task<ReportResult<SummaryReport>> DaypartSummary(ReportRequest request, string daypart);

    /// <summary><c>/stats/geo?daypart=</c>: countries and cities over the daypart's hours.</summary>
    [Alias("daypart-geo")]
    Task<ReportResult<GeoReport>> DaypartGeo(ReportRequest request, string daypart);
}
