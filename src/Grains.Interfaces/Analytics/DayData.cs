namespace Asteroid.Analytics;

/// <summary>One scope's day as it travels between silos: the day's counts, its listener set and
/// its breakdown cells with theirs (listener sets as their serialized bytes).</summary>
[GenerateSerializer, Immutable, Alias("asteroid.day-data")]
public sealed record class DayData(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] string TimeZone,
    [property: Id(2)] long Start,
    [property: Id(3)] long End,
    [property: Id(4)] PeriodCounts Totals,
    [property: Id(5)] IReadOnlyList<PeriodCounts> Hours,
    [property: Id(6)] IReadOnlyList<int> QuarterCounts,
    [property: Id(7)] IReadOnlyList<long> SessionLengths,
    [property: Id(8)] long CarriedIn,
    [property: Id(9)] byte[] Listeners,
    [property: Id(10)] IReadOnlyList<BreakdownCellData> Breakdowns,
    [property: Id(11)] GrossDayData? Gross = null);

/// <summary>A day's gross traffic (every session): its counts, and what its extra sessions (bots,
/// under 60 s) add to the net listener set and cells. Null from a silo of a release before gross.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.gross-day-data")]
public sealed record class GrossDayData(
    [property: Id(0)] PeriodCounts Totals,
    [property: Id(1)] IReadOnlyList<PeriodCounts> Hours,
    [property: Id(2)] IReadOnlyList<int> QuarterCounts,
    [property: Id(3)] IReadOnlyList<long> SessionLengths,
    [property: Id(4)] long CarriedIn,
    [property: Id(5)] byte[] ExtraListeners,
    [property: Id(6)] IReadOnlyList<BreakdownCellData> ExtraBreakdowns,
    [property: Id(7)] long InstantSessions = 0);

/// <summary>One breakdown value on one day (dimension: country, city, player, os, device, mount).</summary>
[GenerateSerializer, Immutable, Alias("asteroid.breakdown-cell-data")]
public sealed record class BreakdownCellData(
    [property: Id(0)] string Dimension,
    [property: Id(1)] string Value,
    [property: Id(2)] long Sessions,
    [property: Id(3)] long ListenSeconds,
    [property: Id(4)] byte[] Listeners);
