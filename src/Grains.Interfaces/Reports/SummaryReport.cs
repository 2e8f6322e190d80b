using Asteroid.Analytics;

namespace Asteroid.Reports;

/// <summary><c>/stats/summary</c>: the range's metrics, its qualifying sessions per length bucket
/// (in the order of the buckets 1-5m, 5-15m, 15-30m, 30-60m, 1-2h, 2-4h, 4-8h, 8-18h, 18h+) and its breakdowns.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.summary-report")]
public sealed record class SummaryReport(
    [property: Id(0)] ReportHeader Header,
    [property: Id(1)] Metrics Total,
    [property: Id(2)] IReadOnlyList<long> SessionLengths,
    [property: Id(3)] SummaryBreakdowns Breakdowns);

/// <summary>By country, city, player, OS, device, mount, referrer host and player kind: distinct
/// listeners, sessions and listening minutes over the range, largest audience first. The referrer
/// and player-kind rows count only the days whose traffic sources are known: a day stored before
/// they were counted whose raw sessions are past retention is listed in
/// <see cref="SourcesUnknownDates"/> (docs/metrics.md, "Traffic sources").</summary>
[GenerateSerializer, Immutable, Alias("asteroid.summary-breakdowns")]
public sealed record class SummaryBreakdowns(
    [property: Id(0)] IReadOnlyList<BreakdownRow> Countries,
    [property: Id(1)] IReadOnlyList<BreakdownRow> Cities,
    [property: Id(2)] IReadOnlyList<BreakdownRow> Players,
    [property: Id(3)] IReadOnlyList<BreakdownRow> Os,
    [property: Id(4)] IReadOnlyList<BreakdownRow> Devices,
    [property: Id(5)] IReadOnlyList<BreakdownRow> Mounts,
    [property: Id(6)] IReadOnlyList<BreakdownRow>? Referrers = null,
    [property: Id(7)] IReadOnlyList<BreakdownRow>? PlayerKinds = null,
    [property: Id(8)] IReadOnlyList<DateOnly>? SourcesUnknownDates = null);

/// <summary>One value of a breakdown (<c>null</c> = unknown).</summary>
[GenerateSerializer, Immutable, Alias("asteroid.breakdown-row")]
public sealed record class BreakdownRow(
    [property: Id(0)] string? Value,
    [property: Id(1)] long UniqueListeners,
    [property: Id(2)] long Sessions,
    [property: Id(3)] double ListenMinutes);
