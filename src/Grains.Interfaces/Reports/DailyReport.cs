using Asteroid.Analytics;

namespace Asteroid.Reports;

/// <summary><c>/stats/daily</c>: every local day of the range and the range's total (distinct
/// listeners of the range are a union over the days, never a sum).</summary>
[GenerateSerializer, Immutable, Alias("asteroid.daily-report")]
public sealed record class DailyReport(
    [property: Id(0)] ReportHeader Header,
    [property: Id(1)] IReadOnlyList<DayMetrics> Days,
    [property: Id(2)] Metrics Total);

[GenerateSerializer, Immutable, Alias("asteroid.day-metrics")]
public sealed record class DayMetrics([property: Id(0)] DateOnly Date, [property: Id(1)] Metrics Metrics);
