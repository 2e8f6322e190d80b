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

        // One pass, no LINQ: a year-long daily report computes this for every day and for the range.
        long sessions = 0, shortSessions = 0, bots = 0, active = days[0].CarriedIn, seconds = 0, quarterSum = 0, quarterCount = 0, ended = 0;
        double periodSeconds = 0;
        var endedKnown = true;
        var peak = days[0].Totals;
        var sets = new List<ListenerSet>(days.Count);
        foreach (var d in days)
        {
            var totals = d.Totals;
            sessions += totals.Sessions;
            shortSessions += totals.ShortSessions;
            bots += totals.BotSessions;
            active += totals.Sessions - d.InstantSessions; // every counted session overlapping the range, once
            seconds += totals.ListenSeconds;
            periodSeconds += d.End - d.Start;
            if (totals.PeakConcurrent > peak.PeakConcurrent)
            {
                peak = totals;
            }

            foreach (var q in d.QuarterCounts)
            {
                quarterSum += q;
            }

            quarterCount += d.QuarterCounts.Length;
            foreach (var h in d.Hours)
            {
                if (h.SessionsEnded is { } n)
                {
                    ended += n;
                }
                else
                {
                    endedKnown = false;
                }
            }

            sets.Add(d.Listeners);
            if (!d.ExtraListeners.IsEmpty)
            {
                sets.Add(d.ExtraListeners);
            }
        }

        var uniques = sets.Count == 1 ? sets[0].Count : ListenerSet.UnionCount(sets);
        return Build(
            sessions,
            shortSessions,
            bots,
            active,
            uniques,
            seconds,
            periodSeconds / 60,
            (double)quarterSum / Math.Max(1, quarterCount),
            peak.PeakConcurrent > 0 ? (peak.PeakConcurrent, peak.PeakAt) : null,
            newListeners,
            zone,
            traffic,
            endedKnown ? ended : null);
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
