namespace Asteroid.Shows;

/// <summary>A scope's sessions ordered by start, so the sessions of one window are found by a
/// binary search instead of a scan of them all: a session of at most <see cref="ShortSeconds"/>
/// that reaches a window started at most that long before it; the few longer ones (and open ones
/// that grew long) are kept apart and always checked.</summary>
public sealed class SessionTimeline
{
    public const long ShortSeconds = 6 * 3600;

    private readonly List<ShowSession> _short;
    private readonly long[] _starts;
    private readonly List<ShowSession> _long;

    public SessionTimeline(IEnumerable<ShowSession> sessions)
    {
        var all = sessions.ToList();
        _short = [.. all.Where(s => s.End - s.Start <= ShortSeconds).OrderBy(s => s.Start)];
        _long = [.. all.Where(s => s.End - s.Start > ShortSeconds)];
        _starts = [.. _short.Select(s => s.Start)];
    }

    /// <summary>The sessions that overlap or touch the span of the windows (start before its end,
    /// end at or after its start): the rest count nowhere in them.</summary>
    public List<ShowSession> Within(IEnumerable<(long From, long To)> windows)
    {
        long from = long.MaxValue, to = long.MinValue;
        foreach (var w in windows)
        {
            from = Math.Min(from, w.From);
            to = Math.Max(to, w.To);
        }

        if (from > to)
        {
            return [];
        }

        var found = new List<ShowSession>();
        var first = Array.BinarySearch(_starts, from - ShortSeconds);
        for (var i = first < 0 ? ~first : LowerBound(first); i < _short.Count && _short[i].Start < to; i++)
        {
            if (_short[i].End >= from)
            {
                found.Add(_short[i]);
            }
        }

        found.AddRange(_long.Where(s => s.Start < to && s.End >= from));
        return found;
    }

    /// <summary>The first index holding the value found at <paramref name="i"/> (starts repeat).</summary>
    private int LowerBound(int i)
    {
        while (i > 0 && _starts[i - 1] == _starts[i])
        {
            i--;
        }

        return i;
    }
}
