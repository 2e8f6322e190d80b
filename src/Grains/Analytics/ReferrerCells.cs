namespace Asteroid.Analytics;

/// <summary>The bound on a day row's referrer cells: anyone can send any <c>Referer</c>, so a day
/// keeps at most <see cref="Max"/> named hosts and folds the rest into one
/// <see cref="Breakdowns.OtherReferrers"/> cell (sessions and seconds summed, listeners unioned: the
/// cell is exact as "every other host"). The named hosts are the day's largest by distinct listeners,
/// then sessions, then name (so a rebuild names the same ones). "" (no referrer) is always kept and
/// does not count against <see cref="Max"/>. A range sums days, so a host named on some days and
/// folded on others shows only its named days' part; the rest is in "(other)".</summary>
public static class ReferrerCells
{
    public const int Max = 50;

    /// <summary>The most distinct hosts a day's cells hold while it is counted (<see cref="BreakdownCells"/>):
    /// a host first seen after that many goes straight into "(other)". With fewer hosts a day (any
    /// real station) the saved bound is exact; past it, a host that came late may miss its name.</summary>
    public const int MaxInMemory = 1000;

    /// <summary>The hosts a day names: the <see cref="Max"/> largest of <paramref name="cells"/>, or
    /// <paramref name="named"/> first when given (the gross extras name the net cells' hosts, so a
    /// gross host is the net cell plus the extras' cell of that same host), filled up to <see cref="Max"/>.</summary>
    public static HashSet<string> Named(IReadOnlyDictionary<string, BreakdownCell> cells, IReadOnlySet<string>? named = null)
    {
        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var host in named ?? new HashSet<string>())
        {
            if (keep.Count < Max && host.Length > 0 && host != Breakdowns.OtherReferrers)
            {
                keep.Add(host);
            }
        }

        foreach (var (host, _) in cells.Where(c => c.Key.Length > 0 && c.Key != Breakdowns.OtherReferrers && !keep.Contains(c.Key))
                     .OrderByDescending(c => c.Value.Listeners.Count).ThenByDescending(c => c.Value.Sessions).ThenBy(c => c.Key, StringComparer.Ordinal))
        {
            if (keep.Count >= Max)
            {
                break;
            }

            keep.Add(host);
        }

        return keep;
    }

    /// <summary>The cells with every host outside <paramref name="named"/> folded into <see cref="Breakdowns.OtherReferrers"/>.</summary>
    public static Dictionary<string, BreakdownCell> Bound(IReadOnlyDictionary<string, BreakdownCell> cells, IReadOnlySet<string> named)
    {
        var result = new Dictionary<string, BreakdownCell>(StringComparer.Ordinal);
        var other = new List<BreakdownCell>();
        foreach (var (host, cell) in cells)
        {
            if (host.Length == 0 || named.Contains(host))
            {
                result[host] = cell;
            }
            else
            {
                other.Add(cell);
            }
        }

        if (other.Count > 0)
        {
            result[Breakdowns.OtherReferrers] = new BreakdownCell
            {
                Sessions = other.Sum(c => c.Sessions),
                ListenSeconds = other.Sum(c => c.ListenSeconds),
                Listeners = ListenerSet.Union([.. other.Select(c => c.Listeners)]),
            };
        }

        return result;
    }

    /// <summary>A day's breakdowns with the referrer dimension bounded (<see cref="Named"/>, <see cref="Bound"/>).</summary>
    public static Dictionary<string, Dictionary<string, BreakdownCell>> Apply(Dictionary<string, Dictionary<string, BreakdownCell>> breakdowns,
        IReadOnlySet<string>? named = null)
    {
        if (breakdowns.TryGetValue(Breakdowns.Referrer, out var cells))
        {
            breakdowns[Breakdowns.Referrer] = Bound(cells, Named(cells, named));
        }

        return breakdowns;
    }
}
