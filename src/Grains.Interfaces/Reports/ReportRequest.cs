using Asteroid.Analytics;

namespace Asteroid.Reports;

/// <summary>What a report is about: a station (<see cref="Station"/>), one mount of a server
/// (<see cref="Server"/> and <see cref="Mount"/>), a whole server (<see cref="Server"/> alone), a
/// group of stations (<see cref="Group"/>) or, with none of them, the whole network; the local days
/// <see cref="From"/> to <see cref="To"/>, inclusive, in the scope's time zone. <see cref="SingleDate"/>: the caller
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
    [property: Id(6)] Traffic Traffic = Traffic.Net)
{
    /// <summary>A group of stations (ids 10+ of this record are the scopes').</summary>
    [Id(10)] public string? Group { get; init; }
}

/// <summary>The resolved scope every report starts with: the station (an explicit one, or the
/// implicit one named after the server) and its time zone, the range, and for a mount its
/// server and mount. For the other scopes <see cref="Station"/> is empty and <see cref="Scope"/>
/// says which (<c>network</c>, <c>server</c>, <c>group</c>); <see cref="Rebuilding"/> while the
/// scope's history is being rebuilt after a regrouping.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.report-header")]
public sealed record class ReportHeader(
    [property: Id(0)] string Station,
    [property: Id(1)] string TimeZone,
    [property: Id(2)] DateOnly From,
    [property: Id(3)] DateOnly To,
    [property: Id(4)] string? Server,
    [property: Id(5)] string? Mount)
{
    /// <summary>station, mount, server, group or network.</summary>
    [Id(10)] public string Scope { get; init; } = "station";

    [Id(11)] public string? Group { get; init; }

    [Id(12)] public RebuildProgress? Rebuilding { get; init; }
}

/// <summary>How far the rebuild of a scope's history is: <see cref="Done"/> of <see cref="Total"/> days.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.rebuild-progress")]
public sealed record class RebuildProgress([property: Id(0)] int Done, [property: Id(1)] int Total);
