using Asteroid.Analytics;

namespace Asteroid.Reports;

/// <summary><c>/stats/sources</c>: where a scope's listeners come from over a range — per referrer
/// host (null: no referrer, a direct play or a server that shows none) and per player kind. Computed
/// from raw sessions that start in the range (of the traffic asked for), so it reaches back only
/// <see cref="RetainedSince"/>; <see cref="Partial"/> when the range reaches before it.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.sources-report")]
public sealed record class SourcesReport(
    [property: Id(0)] ReportHeader Header,
    [property: Id(1)] IReadOnlyList<SourceRow> Referrers,
    [property: Id(2)] IReadOnlyList<SourceRow> PlayerKinds,
    [property: Id(3)] bool ReferrersTruncated,
    [property: Id(4)] DateTimeOffset RetainedSince,
    [property: Id(5)] bool Partial,
    [property: Id(6)] Traffic Traffic)
{
    /// <summary>The most referrer hosts listed (by sessions); <see cref="ReferrersTruncated"/> says more had sessions.</summary>
    public const int MaxReferrers = 200;
}

/// <summary>One value of a sources breakdown: sessions that start in the range, distinct listeners
/// (listener keys) and listening hours of those sessions (each whole session counted at its start).</summary>
[GenerateSerializer, Immutable, Alias("asteroid.source-row")]
public sealed record class SourceRow(
    [property: Id(0)] string? Value,
    [property: Id(1)] long Sessions,
    [property: Id(2)] long Uniques,
    [property: Id(3)] double Tlh);
