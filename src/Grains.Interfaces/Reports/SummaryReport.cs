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

/// <summary>By country, city, player, OS, device and mount: distinct listeners, sessions and
/// listening minutes over the range, largest audience first.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.summary-breakdowns")]
public sealed record class SummaryBreakdowns(
    [property: Id(0)] IReadOnlyList<BreakdownRow> Countries,
    [property: Id(1)] IReadOnlyList<BreakdownRow> Cities,
    [property: Id(2)] IReadOnlyList<BreakdownRow> Players,
    [property: Id(3)] IReadOnlyList<BreakdownRow> Os,
    [property: Id(4)] IReadOnlyList<BreakdownRow> Devices,
    [property: Id(5)] IReadOnlyList<BreakdownRow> Mounts);

/// <summary>One value of a breakdown (<c>null</c> = unknown).</summary>
[GenerateSerializer, Immutable, Alias("asteroid.breakdown-row")]
public sealed record class BreakdownRow(
    [property: Id(0)] string? Value,
    [property: Id(1)] long UniqueListeners,
    [property: Id(2)] long Sessions,
    [property: Id(3)] double ListenMinutes);
