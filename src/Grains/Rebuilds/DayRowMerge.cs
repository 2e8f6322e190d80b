using Asteroid.Analytics;

namespace Asteroid.Rebuilds;

/// <summary>A scope's day rebuilt from its mounts' stored day rows, for days whose raw sessions
/// retention may have removed. Exact: sessions (all kinds), active sessions, listening seconds,
/// session lengths, carried-in sessions, and every listener set (unions of hash sets: the day's
/// uniques and each breakdown cell's). Approximate (upper bounds, exact when no listener was on two
/// of the mounts at once): the peak concurrency of the day and of each hour (the sum of the
/// mounts' peaks), each hour's uniques (the sum) and the quarter-hour counts behind AQH (the sum).
/// Rows counted in another zone than the scope's are merged by date (their hours as they were).
/// <c>sessionsEnded</c> is the sum where every row has it; the gross part is left unknown (gross
/// reports of such a day answer that it is unknown).</summary>
public static class DayRowMerge
{
    public static DayStats Merge(DayWindow window, IReadOnlyList<DayStats> rows)
    {
        var empty = new DayAggregator(window).Snapshot();
        if (rows.Count == 0)
        {
            return empty;
        }

        var listeners = ListenerSet.Union([.. rows.Select(r => r.Listeners)]);
        var hours = empty.Hours
            .Select((_, i) => Sum([.. rows.Where(r => i < r.Hours.Length).Select(r => r.Hours[i])], window.Start + (long)i * DayWindow.HourSeconds))
            .ToArray();
        var quarters = new int[empty.QuarterCounts.Length];
        var lengths = new long[empty.SessionLengths.Length];
        foreach (var row in rows)
        {
            for (var q = 0; q < Math.Min(quarters.Length, row.QuarterCounts.Length); q++)
            {
                quarters[q] += row.QuarterCounts[q];
            }

            for (var b = 0; b < Math.Min(lengths.Length, row.SessionLengths.Length); b++)
            {
                lengths[b] += row.SessionLengths[b];
            }
        }

        return empty with
        {
            Totals = Sum([.. rows.Select(r => r.Totals)], window.Start) with { UniqueListeners = listeners.Count },
            Hours = hours,
            QuarterCounts = quarters,
            SessionLengths = lengths,
            CarriedIn = rows.Sum(r => r.CarriedIn),
            Breakdowns = MergedDayCells(rows),
            Listeners = listeners,
        };
    }

    /// <summary>The rows' day cells merged, the referrer cells bounded again (<see cref="ReferrerCells"/>:
    /// each row's named hosts plus its "(other)" fold into the merged day's named hosts and "(other)");
    /// the traffic-source dimensions only when every row has them (a row stored before them leaves
    /// them unknown).</summary>
    private static Dictionary<string, Dictionary<string, BreakdownCell>> MergedDayCells(IReadOnlyList<DayStats> rows)
    {
        var cells = ReferrerCells.Apply(MergeCells(rows.Select(r => r.Breakdowns)));
        if (rows.Any(Reports.BreakdownRows.SourcesUnknown)) // a row with no listening knows its (empty) sources
        {
            foreach (var dimension in Breakdowns.Sources)
            {
                cells.Remove(dimension);
            }
        }

        return cells;
    }

    /// <summary>Cells of several rows, value by value: sessions and seconds summed, listener sets unioned.</summary>
    public static Dictionary<string, Dictionary<string, BreakdownCell>> MergeCells(
        IEnumerable<IReadOnlyDictionary<string, Dictionary<string, BreakdownCell>>> all)
    {
        var merged = new Dictionary<string, Dictionary<string, List<BreakdownCell>>>(StringComparer.Ordinal);
        foreach (var breakdowns in all)
        {
            foreach (var (dimension, cells) in breakdowns)
            {
                if (!merged.TryGetValue(dimension, out var values))
                {
                    merged[dimension] = values = new Dictionary<string, List<BreakdownCell>>(StringComparer.Ordinal);
                }

                foreach (var (value, cell) in cells)
                {
                    if (!values.TryGetValue(value, out var list))
                    {
                        values[value] = list = [];
                    }

                    list.Add(cell);
                }
            }
        }

        return merged.ToDictionary(d => d.Key, d => d.Value.ToDictionary(v => v.Key, v => new BreakdownCell
        {
            Sessions = v.Value.Sum(c => c.Sessions),
            ListenSeconds = v.Value.Sum(c => c.ListenSeconds),
            Listeners = ListenerSet.Union([.. v.Value.Select(c => c.Listeners)]),
        }, StringComparer.Ordinal), StringComparer.Ordinal);
    }

    private static PeriodCounts Sum(IReadOnlyList<PeriodCounts> parts, long start)
    {
        var peak = parts.Sum(p => p.PeakConcurrent);
        return new PeriodCounts(parts.Sum(p => p.Sessions), parts.Sum(p => p.ShortSessions), parts.Sum(p => p.BotSessions),
            parts.Sum(p => p.ActiveSessions), parts.Sum(p => p.UniqueListeners), parts.Sum(p => p.ListenSeconds), peak,
            peak > 0 ? parts.Where(p => p.PeakAt is not null).MaxBy(p => p.PeakConcurrent)?.PeakAt ?? start : null,
            // Known when every part knows it (a row of a release before sessionsEnded leaves it unknown).
            parts.All(p => p.SessionsEnded is not null) ? parts.Sum(p => p.SessionsEnded!.Value) : null);
    }
}
