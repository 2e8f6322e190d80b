namespace Asteroid.Analytics;

/// <summary>New listeners with the sessions still open. First-seen rows are written only when a
/// session finishes, while a live day already counts an open session that qualifies so far (not a
/// bot, at least 60 s up to now) in its uniques; without this rule such a listener, never seen
/// before, would be counted as returning. A listener's first qualifying start is the earlier of its
/// first-seen row and its earliest open qualifying start: with no row it is new in the slot of the
/// open start; with a later row it moves from the row's slot to the open start's; with an earlier
/// (or equal) row nothing changes. Each listener counts once, however many open sessions it has.</summary>
public static class OpenNewListeners
{
    /// <summary>The open sessions a live view at <paramref name="now"/> counts as qualifying, as the
    /// earliest start per listener.</summary>
    public static List<OpenListenerStart> Qualifying(IEnumerable<SessionFact> open, long now)
    {
        var earliest = new Dictionary<ulong, long>();
        foreach (var fact in open)
        {
            if ((fact with { End = Math.Max(fact.Start, now) }).Qualifies
                && (!earliest.TryGetValue(fact.Listener, out var start) || fact.Start < start))
            {
                earliest[fact.Listener] = fact.Start;
            }
        }

        return [.. earliest.Select(e => new OpenListenerStart(e.Key, e.Value))];
    }

    /// <summary>The earliest open start per listener over several live days.</summary>
    public static Dictionary<ulong, long> Earliest(IEnumerable<OpenListenerStart> starts)
    {
        var earliest = new Dictionary<ulong, long>();
        foreach (var open in starts)
        {
            if (!earliest.TryGetValue(open.Listener, out var start) || open.Start < start)
            {
                earliest[open.Listener] = open.Start;
            }
        }

        return earliest;
    }

    /// <summary>The new listeners per slot of <paramref name="slotSeconds"/> from <paramref name="from"/>
    /// (as <see cref="AggregateStore.NewListenersAsync"/> counts them from first-seen rows: slot =
    /// (start − from) / slotSeconds for starts in [from, to)) adjusted for the open starts;
    /// <paramref name="firstSeen"/> holds the first-seen start of those of the open listeners that have one.</summary>
    public static Dictionary<long, long> Adjust(IReadOnlyDictionary<long, long> perSlot, IReadOnlyDictionary<ulong, long> openStarts,
        IReadOnlyDictionary<ulong, long> firstSeen, long from, long to, long slotSeconds)
    {
        var adjusted = new Dictionary<long, long>(perSlot);
        foreach (var (listener, open) in openStarts)
        {
            var hasRow = firstSeen.TryGetValue(listener, out var row);
            if (hasRow && row <= open)
            {
                continue;
            }

            if (hasRow && row >= from && row < to)
            {
                adjusted[(row - from) / slotSeconds] = adjusted.GetValueOrDefault((row - from) / slotSeconds) - 1;
            }

            if (open >= from && open < to)
            {
                adjusted[(open - from) / slotSeconds] = adjusted.GetValueOrDefault((open - from) / slotSeconds) + 1;
            }
        }

        return adjusted;
    }
}
