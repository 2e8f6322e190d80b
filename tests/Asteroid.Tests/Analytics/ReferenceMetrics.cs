using Asteroid.Analytics;

namespace Asteroid.Tests.Analytics;

/// <summary>The definitions computed the plain way, straight from a list of sessions, for one
/// period [from, to) — no incremental state, no cleverness. The aggregator must agree with it.</summary>
public static class ReferenceMetrics
{
    /// <summary>With <see cref="Traffic.Gross"/> every session counts as qualifying and bots count
    /// in the peak; new listeners stay those of the first qualifying session.</summary>
    public static Metrics Compute(IReadOnlyList<SessionFact> all, long from, long to, TimeZoneInfo zone, Traffic traffic = Traffic.Net)
    {
        var gross = traffic == Traffic.Gross;
        bool StartsIn(SessionFact s) => s.Start >= from && s.Start < to;
        bool Overlaps(SessionFact s) => s.End > s.Start && s.Start < to && s.End > from;
        long Overlap(SessionFact s) => Math.Max(0, Math.Min(s.End, to) - Math.Max(s.Start, from));

        var qualifying = all.Where(s => gross || s.Qualifies).ToList();
        var sessions = qualifying.Count(StartsIn);
        var shortSessions = all.Count(s => !s.IsBot && !s.Qualifies && StartsIn(s));
        var bots = all.Count(s => s.IsBot && StartsIn(s));
        var active = qualifying.Count(Overlaps);
        var listeners = qualifying.Where(Overlaps).Select(s => s.Listener).Distinct().ToList();
        var seconds = qualifying.Where(Overlaps).Sum(Overlap);

        // AQH: per quarter hour, listeners whose merged qualifying listening inside it reaches 5 minutes.
        var quarters = new List<int>();
        for (var q = from; q < to; q += 900)
        {
            var qEnd = Math.Min(q + 900, to);
            quarters.Add(qualifying.GroupBy(s => s.Listener).Count(g => Union(g.Select(s => (Math.Max(s.Start, q), Math.Min(s.End, qEnd)))) >= 300));
        }

        // Peak: the most non-bot sessions covering one second; the first such second.
        var peak = 0;
        long? peakAt = null;
        var candidates = all.Where(s => (gross || !s.IsBot) && Overlaps(s)).Select(s => Math.Max(s.Start, from)).Distinct().Order();
        foreach (var t in candidates)
        {
            var n = all.Count(s => (gross || !s.IsBot) && s.Start <= t && s.End > t);
            if (n > peak)
            {
                (peak, peakAt) = (n, t);
            }
        }

        var firstEver = all.Where(s => s.Qualifies).GroupBy(s => s.Listener).ToDictionary(g => g.Key, g => g.Min(s => s.Start));
        var newListeners = listeners.Count(l => firstEver.TryGetValue(l, out var first) && first >= from && first < to);
        // Ended: the last second (the start, for 0 s) lies in the period.
        var ended = qualifying.Count(s => Math.Max(s.Start, s.End - 1) is var last && last >= from && last < to);
        var minutes = seconds / 60.0;
        return new Metrics(sessions, shortSessions, bots, active, listeners.Count, true,
            R4(minutes), R4(D(minutes, active)), R4(D(minutes, listeners.Count)), R4(D(minutes, (to - from) / 60.0)),
            R4(quarters.Count == 0 ? 0 : quarters.Average()), peak,
            peakAt is { } at ? TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(at), zone) : null,
            newListeners, listeners.Count - newListeners, Math.Round(D(shortSessions, gross ? sessions - bots : sessions + shortSessions), 4), ended);
    }

    /// <summary>First qualifying start per listener: what the first-seen table holds.</summary>
    public static long NewListeners(IReadOnlyList<SessionFact> all, long from, long to) =>
        all.Where(s => s.Qualifies).GroupBy(s => s.Listener).Count(g => g.Min(s => s.Start) is var first && first >= from && first < to);

    private static long Union(IEnumerable<(long Start, long End)> intervals)
    {
        long total = 0, reach = long.MinValue;
        foreach (var (s, e) in intervals.Where(i => i.End > i.Start).OrderBy(i => i.Start))
        {
            var start = Math.Max(s, reach);
            if (e > start)
            {
                total += e - start;
                reach = e;
            }
        }

        return total;
    }

    private static double D(double a, double b) => b == 0 ? 0 : a / b;

    private static double R4(double v) => Math.Round(v, 4, MidpointRounding.AwayFromZero);
}
