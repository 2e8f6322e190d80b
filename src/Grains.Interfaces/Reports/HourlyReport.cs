using Asteroid.Analytics;

namespace Asteroid.Reports;

/// <summary><c>/stats/hourly</c>: every hour slice of the range (a DST day has 23 or 25), and for
/// a range (not a single <c>date</c>) the hour-of-day and day-of-week profiles.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.hourly-report")]
public sealed record class HourlyReport(
    [property: Id(0)] ReportHeader Header,
    [property: Id(1)] IReadOnlyList<HourMetrics> Hours,
    [property: Id(2)] IReadOnlyList<HourOfDayProfile>? HourOfDay,
    [property: Id(3)] IReadOnlyList<DayOfWeekProfile>? DayOfWeek,
    [property: Id(4)] Metrics? Total = null);

/// <summary>One hour slice, starting at local <see cref="Start"/> (with its offset).</summary>
[GenerateSerializer, Immutable, Alias("asteroid.hour-metrics")]
public sealed record class HourMetrics([property: Id(0)] DateTimeOffset Start, [property: Id(1)] Metrics Metrics);

/// <summary>Per local hour of day (0-23): the averages of its hours over the range.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.hour-of-day-profile")]
public sealed record class HourOfDayProfile([property: Id(0)] int Hour, [property: Id(1)] ProfileMetrics Metrics);

/// <summary>Per weekday (<c>Monday</c> first): the averages of its days over the range.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.day-of-week-profile")]
public sealed record class DayOfWeekProfile([property: Id(0)] string Day, [property: Id(1)] ProfileMetrics Metrics);

/// <summary>Averages over <see cref="Periods"/> periods (4 decimals), and the highest peak.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.profile-metrics")]
public sealed record class ProfileMetrics(
    [property: Id(0)] int Periods,
    [property: Id(1)] double Sessions,
    [property: Id(2)] double ActiveSessions,
    [property: Id(3)] double UniqueListeners,
    [property: Id(4)] double ListenMinutes,
    [property: Id(5)] double Aqh,
    [property: Id(6)] double Aas,
    [property: Id(7)] int PeakConcurrent);
