namespace Asteroid.Analytics;

/// <summary>Metrics from <see cref="DayStats"/>: of one day, one hour, or a range of days. Only sums,
/// maxima and set unions are used, so a range is exactly what its sessions say — never a sum of
/// daily distinct counts.</summary>
public static class MetricsCalculator
{
    /// <summary>A range of days (of one traffic: a gross range is made of <see cref="DayStats.AsGross"/> views).</summary>
    public static Metrics ForDays(IReadOnlyList<DayStats> days, long newListeners, TimeZoneInfo zone, Traffic traffic = Traffic.Net)
    {
        if (days.Count == 0)
        {
            return Build(0, 0, 0, 0, 0, 0, 0, 0, null, newListeners, zone, traffic, 0);
        }

        var uniques = ListenerSet.UnionCount(days.SelectMany(d => d.ExtraListeners.IsEmpty ? [d.Listeners] : new[] { d.Listeners, d.ExtraListeners }).ToList());
        var peak = days.Select(d => d.Totals).Aggregate((best, d) => d.PeakConcurrent > best.PeakConcurrent ? d : best);
        return Build(
            days.Sum(d => d.Totals.Sessions),
            days.Sum(d => d.Totals.ShortSessions),
            days.Sum(d => d.Totals.BotSessions),
            days.Sum(d => d.Totals.Sessions - d.InstantSessions) + days[0].CarriedIn, // every counted session overlapping the range, once
            uniques,
            days.Sum(d => d.Totals.ListenSeconds),
            days.Sum(d => (double)(d.End - d.Start)) / 60,
            days.Sum(d => (double)d.QuarterCounts.Sum(q => (long)q)) / Math.Max(1, days.Sum(d => d.QuarterCounts.Length)),
            peak.PeakConcurrent > 0 ? (peak.PeakConcurrent, peak.PeakAt) : null,
            newListeners,
            zone,
            traffic,
            days.All(d => d.Hours.All(h => h.SessionsEnded is not null)) ? days.Sum(d => d.Hours.Sum(h => h.SessionsEnded!.Value)) : null);
    }

    public static Metrics ForHour(DayStats day, int hour, long newListeners, TimeZoneInfo zone, Traffic traffic = Traffic.Net)
    {
        var h = day.Hours[hour];
        var quarters = day.QuarterCounts.Skip(hour * 4).Take(4).ToArray();
        var seconds = Math.Min(day.End, day.Start + (hour + 1L) * DayWindow.HourSeconds) - (day.Start + (long)hour * DayWindow.HourSeconds);
        return Build(h.Sessions, h.ShortSessions, h.BotSessions, h.ActiveSessions, h.UniqueListeners,
            h.ListenSeconds, seconds / 60.0, quarters.Length == 0 ? 0 : quarters.Average(),
            h.PeakConcurrent > 0 ? (h.PeakConcurrent, h.PeakAt) : null, newListeners, zone, traffic, h.SessionsEnded);
    }

    private static Metrics Build(long sessions, long shortSessions, long bots, long active, long uniques,
        long listenSeconds, double periodMinutes, double aqh, (int Peak, long? At)? peak, long newListeners, TimeZoneInfo zone,
        Traffic traffic, long? sessionsEnded)
    {
        // Bounce rate is over the non-bot sessions started in either traffic: net counts them as
        // sessions + shortSessions, gross's sessions already hold the short ones and the bots.
        var nonBotStarted = traffic == Traffic.Net ? sessions + shortSessions : sessions - bots;
        var minutes = listenSeconds / 60.0;
        var newCount = Math.Min(newListeners, uniques);
        return new Metrics(
            sessions, shortSessions, bots, active, uniques, UniqueListenersExact: true, // stored days keep exact sets
            Round4(minutes),
            Round4(Divide(minutes, active)),
            Round4(Divide(minutes, uniques)),
            Round4(Divide(minutes, periodMinutes)),
            Round4(aqh),
            peak?.Peak ?? 0,
            peak?.At is { } at ? TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(at), zone) : null,
            newCount,
            uniques - newCount,
            Math.Round(Divide(shortSessions, nonBotStarted), 4),
            sessionsEnded);
    }

    private static double Divide(double a, double b) => b == 0 ? 0 : a / b;

    /// <summary>Four decimals: a small station's AQH of 0.1562 stays 0.1562 (two decimals would be a 2-3 % error).</summary>
    public static double Round4(double value) => Math.Round(value, 4, MidpointRounding.AwayFromZero);
}
