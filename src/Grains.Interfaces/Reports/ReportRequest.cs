using Asteroid.Analytics;

namespace Asteroid.Reports;

/// <summary>What a report is about: a station (<see cref="Station"/>), or one mount of a server
/// (<see cref="Server"/> and <see cref="Mount"/>); the local days <see cref="From"/> to
/// <see cref="To"/>, inclusive, in the station's time zone. <see cref="SingleDate"/>: the caller
/// asked for one <c>date</c> (the hourly report then has no hour-of-day and day-of-week profiles).
/// The caller has checked the syntax (see <see cref="ReportRules"/>); the report grain resolves
/// the scope. <see cref="Traffic"/>: net (default) or gross (docs/metrics.md).</summary>
[GenerateSerializer, Immutable, Alias("asteroid.report-request")]
public sealed record class ReportRequest(
    [property: Id(0)] string? Station,
    [property: Id(1)] string? Server,
    [property: Id(2)] string? Mount,
    [property: Id(3)] DateOnly From,
    [property: Id(4)] DateOnly To,
    [property: Id(5)] bool SingleDate = false,
    [property: Id(6)] Traffic Traffic = Traffic.Net);

/// <summary>The resolved scope every report starts with: the station (an explicit one, or the
/// implicit one named after the server) and its time zone, the range, and for a mount its
/// server and mount.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.report-header")]
public sealed record class ReportHeader(
    [property: Id(0)] string Station,
    [property: Id(1)] string TimeZone,
    [property: Id(2)] DateOnly From,
    [property: Id(3)] DateOnly To,
    [property: Id(4)] string? Server,
    [property: Id(5)] string? Mount);
