using Asteroid.Analytics;

namespace Asteroid.Tracks;

/// <summary>One session as the audience rule sees it: times in Unix milliseconds, <see cref="End"/>
/// null while it is open.</summary>
public readonly record struct ListenInterval(ulong Listener, long Start, long? End, bool Qualifies);

/// <summary>The per-play audience rule (pure). A play is the interval [s, e); a session [a, b):
/// <list type="bullet">
/// <item><c>listenersAtStart</c>: sessions already listening before the play and still after its start (a &lt; s &lt; b);</item>
/// <item><c>tuneIns</c>: sessions that began during the play (s ≤ a &lt; e);</item>
/// <item><c>tuneOuts</c>: sessions that ended during the play (s &lt; b ≤ e);</item>
/// <item><c>listenersAtEnd</c>: sessions that began before the end and were still listening after it
/// (a &lt; e &lt; b); so atEnd = atStart + tuneIns − tuneOuts;</item>
/// <item><c>peakListeners</c>: the largest number of sessions open at once during the play (at one
/// instant, ends before starts);</item>
/// <item><c>uniqueListeners</c>: distinct listeners of the sessions that overlap the play (a &lt; e and b &gt; s);</item>
/// <item><c>listenMinutes</c>: the sum of each session's overlap with the play, in minutes (4 decimals).</item>
/// </list>
/// Net counts only sessions that qualify (not a bot, at least 60 s; an open session qualifies once
/// it has lasted 60 s); gross counts every session.</summary>
public static class PlayAudienceRule
{
    public static (PlayAudience Audience, ListenerSet Listeners) Compute(long start, long end, IEnumerable<ListenInterval> sessions, bool net)
    {
        int atStart = 0, atEnd = 0, tuneIns = 0, tuneOuts = 0;
        long overlapMs = 0;
        var listeners = new HashSet<ulong>();
        var events = new List<(long At, int Delta)>();
        foreach (var session in sessions)
        {
            if (net && !session.Qualifies)
            {
                continue;
            }

            var a = session.Start;
            var b = session.End ?? long.MaxValue;
            if (a >= end || b <= start)
            {
                continue; // does not overlap the play
            }

            listeners.Add(session.Listener);
            overlapMs += Math.Min(b, end) - Math.Max(a, start);
            if (a < start)
            {
                atStart++;
            }
            else
            {
                tuneIns++;
                events.Add((a, +1));
            }

            if (b <= end)
            {
                tuneOuts++;
                if (b < end)
                {
                    events.Add((b, -1));
                }
            }
            else
            {
                atEnd++;
            }
        }

        // Peak: open sessions at the start, then each instant of the play with its ends first.
        events.Sort((x, y) => x.At != y.At ? x.At.CompareTo(y.At) : x.Delta.CompareTo(y.Delta));
        var open = atStart;
        var peak = atStart;
        for (var i = 0; i < events.Count; i++)
        {
            open += events[i].Delta;
            if (i + 1 == events.Count || events[i + 1].At != events[i].At)
            {
                peak = Math.Max(peak, open);
            }
        }

        var audience = new PlayAudience(atStart, atEnd, peak, listeners.Count, tuneIns, tuneOuts, Math.Round(overlapMs / 60_000.0, 4));
        return (audience, ListenerSet.Of(listeners));
    }

    /// <summary>Tune-outs per listener-minute of one play divided by the usual rate (tune-outs per
    /// listener-minute of the baseline's plays); null when either is not defined.</summary>
    public static double? TuneOutIndex(int tuneOuts, double listenMinutes, double? baselineRate) =>
        listenMinutes > 0 && baselineRate is > 0 ? Math.Round(tuneOuts / listenMinutes / baselineRate.Value, 4) : null;
}
