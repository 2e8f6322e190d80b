using Asteroid.Analytics;

namespace Asteroid.Shows;

/// <summary>One session as the show rules see it, in Unix seconds; an open session ends "now" and
/// is <see cref="Open"/> (it has ended nowhere).</summary>
public readonly record struct ShowSession(ulong Listener, long Start, long End, bool IsBot, bool Open)
{
    /// <summary>Not a bot and at least 60 s (so far, for an open session).</summary>
    public bool Qualifies => !IsBot && End - Start >= SessionFact.QualifyingSeconds;
}

/// <summary>The audience of a set of windows — an episode, a show's episodes, a daypart's hours
/// over a range — from the sessions (pure), by the definitions of docs/metrics.md applied to the
/// union of the windows: a session counts where it overlaps a window; AQH is the mean over the
/// windows' quarter hours (consecutive 900 s from each window's start) of the listeners with 5
/// minutes of listening in it; a listener is new when its first qualifying start ever (the earlier
/// of <c>firstSeen</c> and its sessions here) lies in a window. Tune-ins: sessions of the traffic
/// that began in a window; tune-outs: those that ended in one (after its start, at most at its end).</summary>
public static class WindowMetrics
{
    private const int Quarter = 900;

    public static (Metrics Metrics, int TuneIns, int TuneOuts) Compute(
        IReadOnlyList<(long From, long To)> windows, IReadOnlyList<ShowSession> sessions, bool net,
        IReadOnlyDictionary<ulong, long> firstSeen, TimeZoneInfo zone) => Print(Part(windows, sessions, net, firstSeen), net, zone);

    /// <summary>The metrics of a part (of one set of windows, or of parts combined by <see cref="WindowPart.Combine"/>) as the reports print them.</summary>
    public static (Metrics Metrics, int TuneIns, int TuneOuts) Print(WindowPart part, bool net, TimeZoneInfo zone)
    {
        var minutes = part.Seconds / 60.0;
        var active = part.ActiveSessions;
        long unique = part.Listeners.Length;
        long newListeners = part.NewListeners.Length;
        var metrics = new Metrics(part.Sessions, part.ShortSessions, part.BotSessions, active, unique, true,
            R4(minutes), R4(D(minutes, active)), R4(D(minutes, unique)), R4(D(minutes, part.WindowSeconds / 60.0)),
            R4(part.Quarters == 0 ? 0 : (double)part.QuartersHeard / part.Quarters), part.Peak,
            part.PeakAt is { } p ? TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(p), zone) : null,
            newListeners, unique - newListeners,
            Math.Round(D(part.ShortSessions, net ? part.Sessions + part.ShortSessions : part.Sessions - part.BotSessions), 4), part.SessionsEnded);
        return (metrics, part.TuneIns, part.TuneOuts);
    }

    /// <summary>The part of the windows from a scope's sessions: its sessions (<see cref="SessionTimeline.Within"/>) and the
    /// closed sessions of no length at its very end (<see cref="WindowPart.TuneOutsAtEnd"/>).</summary>
    public static WindowPart Part(IReadOnlyList<(long From, long To)> windows, SessionTimeline timeline, bool net, IReadOnlyDictionary<ulong, long> firstSeen)
    {
        var part = Part(windows, timeline.Within(windows), net, firstSeen);
        if (windows.Count == 0)
        {
            return part;
        }

        var end = windows.Max(w => w.To);
        return part with
        {
            TuneOutsAtEnd = timeline.Within([(end, end + 1)]).Count(s => s.Start == end && s.End == end && !s.Open && (!net || s.Qualifies)),
        };
    }

    /// <summary>The integers and sets the metrics of the windows are made of (see <see cref="WindowPart"/>).</summary>
    public static WindowPart Part(IReadOnlyList<(long From, long To)> windows, IReadOnlyList<ShowSession> sessions, bool net, IReadOnlyDictionary<ulong, long> firstSeen)
    {
        windows = Ordered(windows);
        long sessionCount = 0, shortSessions = 0, bots = 0, active = 0, ended = 0, seconds = 0;
        int tuneIns = 0, tuneOuts = 0;
        var listeners = new Dictionary<ulong, List<(long Start, long End)>>();
        var firstStart = new Dictionary<ulong, long>();
        var edges = new List<EdgeSession>();
        long windowSeconds = windows.Sum(w => w.To - w.From);
        foreach (var s in sessions)
        {
            if (s.Qualifies)
            {
                firstStart[s.Listener] = firstStart.TryGetValue(s.Listener, out var f) ? Math.Min(f, s.Start) : s.Start;
            }

            var startsIn = Index(windows, s.Start) >= 0;
            if (startsIn)
            {
                if (s.IsBot)
                {
                    bots++;
                }
                else if (!s.Qualifies)
                {
                    shortSessions++;
                }
            }

            if (net && !s.Qualifies)
            {
                continue;
            }

            if (startsIn)
            {
                sessionCount++;
                tuneIns++;
            }

            if (!s.Open && Index(windows, Math.Max(s.Start, s.End - 1)) >= 0)
            {
                ended++;
            }

            if (!s.Open && EndsIn(windows, s.End))
            {
                tuneOuts++;
            }

            var overlap = Overlap(windows, s.Start, s.End);
            if (s.End > s.Start && overlap > 0)
            {
                active++;
                seconds += overlap;
                if (!listeners.TryGetValue(s.Listener, out var list))
                {
                    listeners[s.Listener] = list = [];
                }

                list.Add((s.Start, s.End));
                if (s.Start < windows[0].From || s.End > windows[^1].To)
                {
                    edges.Add(new EdgeSession(s.Listener, s.Start, s.End));
                }
            }
        }

        var quarters = Quarters(windows);
        long heard = 0;
        foreach (var intervals in listeners.Values)
        {
            heard += QuartersHeard(Merge(intervals), quarters);
        }

        var (peak, peakAt) = Peak(windows, sessions, net);
        var newListeners = new List<ulong>();
        foreach (var listener in listeners.Keys)
        {
            long? first = firstSeen.TryGetValue(listener, out var recorded) ? recorded : null;
            if (firstStart.TryGetValue(listener, out var here) && (first is null || here < first))
            {
                first = here;
            }

            if (first is { } at && Index(windows, at) >= 0)
            {
                newListeners.Add(listener);
            }
        }

        return new WindowPart(sessionCount, shortSessions, bots, active, ended, seconds, tuneIns, tuneOuts, windowSeconds, heard, quarters.Count, peak, peakAt,
            WindowPart.Sorted(listeners.Keys), WindowPart.Sorted(newListeners), [.. edges], windows.Count == 0 ? long.MinValue : windows[^1].To);
    }

    /// <summary>The breakdown cells of the windows, as a day's cells are made (docs/metrics.md): per
    /// value of each dimension, the sessions of the traffic that start in a window, their seconds
    /// inside the windows and their distinct listeners (a session with no second inside counts in
    /// none, as in a day's cells); and the length buckets of the traffic's sessions of 60 s or more that
    /// start in a window.</summary>
    public static (BreakdownCells Cells, long[] Lengths) Breakdown(
        IReadOnlyList<(long From, long To)> windows, IEnumerable<SessionFact> sessions, bool net, IReadOnlyCollection<string> dimensions)
    {
        windows = Ordered(windows);
        var cells = new BreakdownCells(dimensions);
        var lengths = new long[SessionLengthBuckets.Names.Length];
        foreach (var f in sessions)
        {
            if (net && !f.Qualifies)
            {
                continue;
            }

            var startsIn = Index(windows, f.Start) >= 0;
            var overlap = Overlap(windows, f.Start, f.End);
            if (overlap > 0)
            {
                cells.Add(f, overlap, startsIn); // as a day's cells: a session of 0 s is in none
            }

            if (startsIn && f.Duration >= SessionFact.QualifyingSeconds)
            {
                lengths[SessionLengthBuckets.IndexOf(f.Duration)]++;
            }
        }

        return (cells, lengths);
    }

    /// <summary>Retention over [<paramref name="from"/>, <paramref name="to"/>): the listeners with
    /// a session of the traffic covering its first second, and for k = 0 … 20 the share of them
    /// with a session covering the second at k × 5 % of the window (k = 20: its last second).</summary>
    public static (int ListenersAtStart, IReadOnlyList<double> Shares) Retention(long from, long to, IReadOnlyList<ShowSession> sessions, bool net)
    {
        var counted = sessions.Where(s => (!net || s.Qualifies) && s.End > s.Start).ToList();
        var cohort = counted.Where(s => s.Start <= from && s.End > from).Select(s => s.Listener).ToHashSet();
        var byListener = counted.Where(s => cohort.Contains(s.Listener)).GroupBy(s => s.Listener).ToDictionary(g => g.Key, g => g.ToList());
        var shares = new List<double>(21);
        for (var k = 0; k <= 20; k++)
        {
            var t = k == 20 ? to - 1 : from + (to - from) * k / 20;
            var still = byListener.Values.Count(list => list.Any(s => s.Start <= t && s.End > t));
            shares.Add(cohort.Count == 0 ? 0 : Math.Round((double)still / cohort.Count, 4));
        }

        return (cohort.Count, shares);
    }

    /// <summary>The windows in order of their start. Every caller passes disjoint windows (episodes
    /// never overlap, a daypart's hours are merged), so the lookups below are binary searches.</summary>
    private static IReadOnlyList<(long From, long To)> Ordered(IReadOnlyList<(long From, long To)> windows)
    {
        for (var i = 1; i < windows.Count; i++)
        {
            if (windows[i].From < windows[i - 1].From)
            {
                return [.. windows.OrderBy(w => w.From)];
            }
        }

        return windows;
    }

    /// <summary>The first window that ends after <paramref name="t"/> (windows.Count when none does).</summary>
    private static int FirstEndingAfter(IReadOnlyList<(long From, long To)> windows, long t)
    {
        int low = 0, high = windows.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (windows[mid].To > t)
            {
                high = mid;
            }
            else
            {
                low = mid + 1;
            }
        }

        return low;
    }

    /// <summary>Whether second <paramref name="t"/> lies in one of the ordered, disjoint windows (a binary search).</summary>
    public static bool Contains(IReadOnlyList<(long From, long To)> windows, long t) => Index(windows, t) >= 0;

    /// <summary>The window holding second <paramref name="t"/>, or -1.</summary>
    private static int Index(IReadOnlyList<(long From, long To)> windows, long t)
    {
        var i = FirstEndingAfter(windows, t);
        return i < windows.Count && windows[i].From <= t ? i : -1;
    }

    /// <summary>Whether a session ending at <paramref name="end"/> ends in a window (after its start, at most at its end).</summary>
    private static bool EndsIn(IReadOnlyList<(long From, long To)> windows, long end)
    {
        var i = FirstEndingAfter(windows, end - 1);
        return i < windows.Count && windows[i].From < end;
    }

    private static long Overlap(IReadOnlyList<(long From, long To)> windows, long start, long end)
    {
        long total = 0;
        for (var i = FirstEndingAfter(windows, start); i < windows.Count && windows[i].From < end; i++)
        {
            total += Math.Max(0, Math.Min(end, windows[i].To) - Math.Max(start, windows[i].From));
        }

        return total;
    }

    private static List<(long From, long To)> Quarters(IReadOnlyList<(long From, long To)> windows)
    {
        var quarters = new List<(long, long)>();
        foreach (var (from, to) in windows)
        {
            for (var q = from; q < to; q += Quarter)
            {
                quarters.Add((q, Math.Min(q + Quarter, to)));
            }
        }

        return quarters;
    }

    /// <summary>How many of the (ordered) quarters hold at least 5 minutes of the merged intervals:
    /// each interval visits only the quarters it overlaps, so a listener costs its own quarters.</summary>
    private static int QuartersHeard(List<(long Start, long End)> merged, List<(long From, long To)> quarters)
    {
        var heard = 0;
        var current = -1;
        long inside = 0;
        foreach (var (start, end) in merged)
        {
            for (var q = Math.Max(current, FirstEndingAfter(quarters, start)); q < quarters.Count && quarters[q].From < end; q++)
            {
                if (q != current)
                {
                    heard += inside >= 300 ? 1 : 0;
                    (current, inside) = (q, 0);
                }

                inside += Math.Max(0, Math.Min(end, quarters[q].To) - Math.Max(start, quarters[q].From));
            }
        }

        return heard + (inside >= 300 ? 1 : 0);
    }

    private static List<(long Start, long End)> Merge(List<(long Start, long End)> intervals)
    {
        intervals.Sort();
        var merged = new List<(long Start, long End)>();
        foreach (var (s, e) in intervals)
        {
            if (merged.Count > 0 && s <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(e, merged[^1].End));
            }
            else
            {
                merged.Add((s, e));
            }
        }

        return merged;
    }

    /// <summary>The most sessions connected at one second of the windows (net: no bots, any
    /// duration; gross: every session) and the first such second: one sweep over the sessions'
    /// starts and ends in time order, read at each window's first second and inside the windows.</summary>
    private static (int Peak, long? At) Peak(IReadOnlyList<(long From, long To)> windows, IReadOnlyList<ShowSession> sessions, bool net)
    {
        var events = new List<(long At, int Delta)>(sessions.Count * 2);
        foreach (var s in sessions)
        {
            if ((!net || !s.IsBot) && s.End > s.Start)
            {
                events.Add((s.Start, 1));
                events.Add((s.End, -1));
            }
        }

        // ends before starts at the same second: a session that ends as another begins is not beside it
        events.Sort((x, y) => x.At != y.At ? x.At.CompareTo(y.At) : x.Delta.CompareTo(y.Delta));
        var peak = 0;
        long? at = null;
        int open = 0, e = 0;
        foreach (var (from, to) in windows)
        {
            while (e < events.Count && events[e].At <= from)
            {
                open += events[e++].Delta;
            }

            if (open > peak)
            {
                (peak, at) = (open, from);
            }

            while (e < events.Count && events[e].At < to)
            {
                open += events[e].Delta;
                if ((e + 1 == events.Count || events[e + 1].At != events[e].At) && open > peak)
                {
                    (peak, at) = (open, events[e].At);
                }

                e++;
            }
        }

        return (peak, at);
    }

    private static double D(double a, double b) => b == 0 ? 0 : a / b;

    private static double R4(double v) => Math.Round(v, 4, MidpointRounding.AwayFromZero);
}
