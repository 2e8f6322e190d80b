namespace Asteroid.Shows;

/// <summary>A session of a window part that reaches beyond the part's span (started before its
/// first window or ends after its last): the only sessions that can count in two parts.</summary>
public readonly record struct EdgeSession(ulong Listener, long Start, long End);

/// <summary>The audience of a set of windows before it is printed (<see cref="WindowMetrics.Part"/>):
/// the integers that the metrics are made of, and the sets that a union of parts needs. Parts of
/// disjoint windows combine exactly into the part of their union (<see cref="Combine"/>): counts of
/// sessions that start, end or are read at one second add up (a second lies in one window); seconds,
/// window seconds, quarter hours and the listeners heard in each quarter add up (a quarter lies in
/// one window and only the sessions overlapping it decide it); unique and new listeners are unions
/// of sets; a session active in two parts reaches beyond both, so it is among the
/// <see cref="Edges"/> of each and counts once; the peak is the highest, the earliest of equals.
/// A session of no length at the very end of a part is outside the part's sessions (they start
/// before its end) yet a tune-out of any union in which a later part follows:
/// <see cref="TuneOutsAtEnd"/> counts them. New listeners combine as a union on the premise of docs/metrics.md that a listener's first
/// qualifying start is the same whichever sessions a part was computed from (first-seen is kept
/// for every finished session).</summary>
public sealed record class WindowPart(
    long Sessions,
    long ShortSessions,
    long BotSessions,
    long ActiveSessions,
    long SessionsEnded,
    long Seconds,
    int TuneIns,
    int TuneOuts,
    long WindowSeconds,
    long QuartersHeard,
    int Quarters,
    int Peak,
    long? PeakAt,
    ulong[] Listeners,
    ulong[] NewListeners,
    EdgeSession[] Edges,
    long End = long.MinValue,
    int TuneOutsAtEnd = 0)
{
    /// <summary>The part of the union of the parts' windows (the windows disjoint).</summary>
    public static WindowPart Combine(IReadOnlyList<WindowPart> parts)
    {
        if (parts.Count == 1)
        {
            return parts[0];
        }

        long sessions = 0, shortSessions = 0, bots = 0, active = 0, ended = 0, seconds = 0, windowSeconds = 0, heard = 0;
        int tuneIns = 0, tuneOuts = 0, quarters = 0, peak = 0;
        long? peakAt = null;
        var end = parts.Count == 0 ? long.MinValue : parts.Max(p => p.End);
        var atEnd = 0;
        var listeners = new HashSet<ulong>(parts.Sum(p => p.Listeners.Length));
        var newListeners = new HashSet<ulong>(parts.Sum(p => p.NewListeners.Length));
        // Per edge session: how many times it is in one part (identical sessions are indistinguishable) and in all.
        var edges = new Dictionary<EdgeSession, (int Most, int All)>();
        foreach (var p in parts)
        {
            sessions += p.Sessions;
            shortSessions += p.ShortSessions;
            bots += p.BotSessions;
            active += p.ActiveSessions;
            ended += p.SessionsEnded;
            seconds += p.Seconds;
            windowSeconds += p.WindowSeconds;
            heard += p.QuartersHeard;
            tuneIns += p.TuneIns;
            tuneOuts += p.TuneOuts + (p.End < end ? p.TuneOutsAtEnd : 0);
            atEnd += p.End == end ? p.TuneOutsAtEnd : 0;
            quarters += p.Quarters;
            if (p.Peak > peak || (p.Peak == peak && p.Peak > 0 && p.PeakAt < peakAt))
            {
                (peak, peakAt) = (p.Peak, p.PeakAt);
            }

            listeners.UnionWith(p.Listeners);
            newListeners.UnionWith(p.NewListeners);
            foreach (var group in p.Edges.CountBy(e => e))
            {
                var (edge, n) = (group.Key, group.Value);
                edges[edge] = edges.TryGetValue(edge, out var seen) ? (Math.Max(seen.Most, n), seen.All + n) : (n, n);
            }
        }

        var merged = new List<EdgeSession>();
        foreach (var (edge, (most, all)) in edges)
        {
            active -= all - most; // one session in k parts was counted k times
            for (var i = 0; i < most; i++)
            {
                merged.Add(edge);
            }
        }

        return new WindowPart(sessions, shortSessions, bots, active, ended, seconds, tuneIns, tuneOuts, windowSeconds, heard, quarters, peak, peakAt,
            Sorted(listeners), Sorted(newListeners), [.. merged], end, atEnd);
    }

    internal static ulong[] Sorted(ICollection<ulong> set)
    {
        var array = new ulong[set.Count];
        set.CopyTo(array, 0);
        Array.Sort(array);
        return array;
    }
}
