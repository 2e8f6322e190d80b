namespace Asteroid.Shows;

/// <summary>A station's schedule as concrete episodes (pure). Each slot occurrence starts on a local
/// date of the station's zone within its show's validity and lasts from its local start to its local
/// end (so a 06:00–10:00 slot is four hours even on a DST day, and 01:00–03:00 on the fall-back
/// day is three real hours: see <see cref="LocalTimes"/>). One-off episodes replace every recurring
/// episode they overlap. An episode belongs to the range it starts in.</summary>
public static class ScheduleExpander
{
    /// <summary>The episodes of <paramref name="shows"/> that start in [<paramref name="from"/>,
    /// <paramref name="to"/>), ordered by start.</summary>
    public static IReadOnlyList<Episode> Expand(IEnumerable<ShowDefinition> shows, TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset to)
    {
        var all = shows.ToList();
        // One-off episodes may last up to 7 days and slots one day: look that far around the range.
        var oneOffs = all.SelectMany(s => s.Episodes.Where(e => e.End > from - ShowRules.MaxEpisodeLength && e.Start < to + ShowRules.MaxEpisodeLength)
            .Select(e => new Episode(s.Id, e.Start, e.End, true))).ToList();
        var first = DateOnly.FromDateTime(LocalTimes.ToLocal(from, zone)).AddDays(-2);
        var last = DateOnly.FromDateTime(LocalTimes.ToLocal(to, zone)).AddDays(1);
        var episodes = new List<Episode>();
        foreach (var show in all)
        {
            foreach (var slot in show.Slots)
            {
                foreach (var (localStart, localEnd) in ShowRules.Occurrences(show, slot, first, last))
                {
                    var start = LocalTimes.ToInstant(localStart, zone);
                    var end = LocalTimes.ToInstant(localEnd, zone);
                    if (start >= from && start < to && end > start && !oneOffs.Any(o => o.Start < end && start < o.End))
                    {
                        episodes.Add(new Episode(show.Id, start, end, false));
                    }
                }
            }
        }

        episodes.AddRange(oneOffs.Where(o => o.Start >= from && o.Start < to));
        return [.. episodes.OrderBy(e => e.Start).ThenBy(e => e.ShowId, StringComparer.Ordinal)];
    }

    /// <summary>The windows of a daypart over [<paramref name="from"/>, <paramref name="to"/>): its
    /// slot occurrences clipped to the range, merged where they touch, ordered.</summary>
    public static IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> Windows(Daypart daypart, TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset to)
    {
        var holder = new ShowDefinition(daypart.Id, daypart.Name, null, daypart.Slots, null, null, []);
        var first = DateOnly.FromDateTime(LocalTimes.ToLocal(from, zone)).AddDays(-2);
        var last = DateOnly.FromDateTime(LocalTimes.ToLocal(to, zone)).AddDays(1);
        var windows = daypart.Slots.SelectMany(slot => ShowRules.Occurrences(holder, slot, first, last))
            .Select(o => (Start: LocalTimes.ToInstant(o.Start, zone), End: LocalTimes.ToInstant(o.End, zone)))
            .Select(w => (Start: w.Start < from ? from : w.Start, End: w.End > to ? to : w.End))
            .Where(w => w.End > w.Start)
            .OrderBy(w => w.Start)
            .ToList();
        return Merge(windows);
    }

    /// <summary>The parts of <paramref name="windows"/> inside <paramref name="within"/> (both ordered, disjoint).</summary>
    public static IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> Intersect(
        IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> windows, IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> within)
    {
        var result = new List<(DateTimeOffset, DateTimeOffset)>();
        int i = 0, j = 0;
        while (i < windows.Count && j < within.Count)
        {
            var start = windows[i].Start > within[j].Start ? windows[i].Start : within[j].Start;
            var end = windows[i].End < within[j].End ? windows[i].End : within[j].End;
            if (end > start)
            {
                result.Add((start, end));
            }

            if (windows[i].End < within[j].End)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return result;
    }

    private static List<(DateTimeOffset Start, DateTimeOffset End)> Merge(List<(DateTimeOffset Start, DateTimeOffset End)> windows)
    {
        var merged = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        foreach (var w in windows)
        {
            if (merged.Count > 0 && w.Start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, w.End > merged[^1].End ? w.End : merged[^1].End);
            }
            else
            {
                merged.Add(w);
            }
        }

        return merged;
    }
}
