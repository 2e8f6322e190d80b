namespace Asteroid.Analytics;

/// <summary>The audience metrics of one period, by the definitions in docs/metrics.md (Triton/IAB
/// style): qualifying = at least 60 s and not a bot; minutes to 2 decimals, bounce rate to 4;
/// divisions by zero give 0.</summary>
public sealed record class Metrics(
    long Sessions,
    long ShortSessions,
    long BotSessions,
    long ActiveSessions,
    long UniqueListeners,
    bool UniqueListenersExact,
    double ListenMinutes,
    double AvgSessionMinutes,
    double TslMinutes,
    double Aas,
    double Aqh,
    int PeakConcurrent,
    DateTimeOffset? PeakAt,
    long NewListeners,
    long ReturningListeners,
    double BounceRate);

/// <summary>Metrics from <see cref="DayStats"/>: of one day, one hour, or a range of days. Only sums,
/// maxima and set unions are used, so a range is exactly what its sessions say — never a sum of
/// daily distinct counts.</summary>
public static class MetricsCalculator
{
    public static Metrics ForDays(IReadOnlyList<DayStats> days, long newListeners, TimeZoneInfo zone)
    {
        if (days.Count == 0)
        {
            return Build(0, 0, 0, 0, 0, true, 0, 0, 0, null, newListeners, zone);
        }

        var (uniques, exact) = ListenerSet.UnionCount(days.Select(d => d.Listeners).ToList());
        var peak = days.Select(d => d.Totals).Aggregate((best, d) => d.PeakConcurrent > best.PeakConcurrent ? d : best);
        return Build(
            days.Sum(d => d.Totals.Sessions),
            days.Sum(d => d.Totals.ShortSessions),
            days.Sum(d => d.Totals.BotSessions),
            days.Sum(d => d.Totals.Sessions) + days[0].CarriedIn, // every qualifying session overlapping the range, once
            uniques,
            exact,
            days.Sum(d => d.Totals.ListenSeconds),
            days.Sum(d => (double)(d.End - d.Start)) / 60,
            days.Sum(d => (double)d.QuarterCounts.Sum(q => (long)q)) / Math.Max(1, days.Sum(d => d.QuarterCounts.Length)),
            peak.PeakConcurrent > 0 ? (peak.PeakConcurrent, peak.PeakAt) : null,
            newListeners,
            zone);
    }

    public static Metrics ForHour(DayStats day, int hour, long newListeners, TimeZoneInfo zone)
    {
        var h = day.Hours[hour];
        var quarters = day.QuarterCounts.Skip(hour * 4).Take(4).ToArray();
        var seconds = Math.Min(day.End, day.Start + (hour + 1L) * DayWindow.HourSeconds) - (day.Start + (long)hour * DayWindow.HourSeconds);
        return Build(h.Sessions, h.ShortSessions, h.BotSessions, h.ActiveSessions, h.UniqueListeners, true,
            h.ListenSeconds, seconds / 60.0, quarters.Length == 0 ? 0 : quarters.Average(),
            h.PeakConcurrent > 0 ? (h.PeakConcurrent, h.PeakAt) : null, newListeners, zone);
    }

    private static Metrics Build(long sessions, long shortSessions, long bots, long active, long uniques, bool exact,
        long listenSeconds, double periodMinutes, double aqh, (int Peak, long? At)? peak, long newListeners, TimeZoneInfo zone)
    {
        var minutes = listenSeconds / 60.0;
        var newCount = Math.Min(newListeners, uniques);
        return new Metrics(
            sessions, shortSessions, bots, active, uniques, exact,
            Round2(minutes),
            Round2(Divide(minutes, active)),
            Round2(Divide(minutes, uniques)),
            Round2(Divide(minutes, periodMinutes)),
            Round2(aqh),
            peak?.Peak ?? 0,
            peak?.At is { } at ? TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(at), zone) : null,
            newCount,
            uniques - newCount,
            Math.Round(Divide(shortSessions, sessions + shortSessions), 4));
    }

    private static double Divide(double a, double b) => b == 0 ? 0 : a / b;

    private static double Round2(double value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
