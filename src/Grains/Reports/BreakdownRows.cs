using Asteroid.Analytics;

namespace Asteroid.Reports;

/// <summary>The summary's breakdowns: by country, city, player, OS, device, mount, referrer and
/// player kind, each with distinct listeners, sessions and listening minutes over the range, largest
/// audience first. Referrer and player kind from the days that have them (<see cref="Breakdowns.HasSources"/>).</summary>
public static class BreakdownRows
{
    /// <summary>Country and city from the geo days, the rest from the days' own breakdowns.</summary>
    public static SummaryBreakdowns All(IReadOnlyList<DayStats> days, IReadOnlyList<GeoDay> geo) => WithGeoCells(days, [.. geo.Select(d => d.Cells)]);

    /// <summary>With the geo cell sets given (a day's cells; for gross also its extra cells); a
    /// gross day (<see cref="DayStats.AsGross"/>) brings its extra cells.</summary>
    public static SummaryBreakdowns WithGeoCells(IReadOnlyList<DayStats> days, List<IReadOnlyDictionary<string, Dictionary<string, BreakdownCell>>> geoCells)
    {
        var dayCells = days.SelectMany(d => d.ExtraBreakdowns is { } extra ? [d.Breakdowns, extra] : new[] { d.Breakdowns }).ToList();
        var known = days.Where(d => !SourcesUnknown(d)).ToList();
        var sourceCells = known.SelectMany(d => d.ExtraBreakdowns is { } extra ? [d.Breakdowns, extra] : new[] { d.Breakdowns }).ToList();
        return Build(dayCells, geoCells, sourceCells, [.. days.Where(SourcesUnknown).Select(d => d.Date)]);
    }

    /// <summary>From one set of cells in every dimension (the daypart summary's, computed from raw
    /// sessions: their traffic sources are known; the referrer cells bounded as a day's are, over the whole range).</summary>
    public static SummaryBreakdowns OfCells(Dictionary<string, Dictionary<string, BreakdownCell>> cells)
    {
        IReadOnlyDictionary<string, Dictionary<string, BreakdownCell>> bounded = ReferrerCells.Apply(cells);
        return Build([bounded], [bounded], [bounded], []);
    }

    private static SummaryBreakdowns Build(
        List<IReadOnlyDictionary<string, Dictionary<string, BreakdownCell>>> dayCells, List<IReadOnlyDictionary<string, Dictionary<string, BreakdownCell>>> geoCells,
        List<IReadOnlyDictionary<string, Dictionary<string, BreakdownCell>>> sourceCells, List<DateOnly> sourcesUnknown)
    {
        return new(
            Rows(geoCells, Breakdowns.Country),
            Rows(geoCells, Breakdowns.City),
            Rows(dayCells, Breakdowns.Player),
            Rows(dayCells, Breakdowns.Os),
            Rows(dayCells, Breakdowns.Device),
            Rows(dayCells, Breakdowns.Mount),
            ReferrerRows(sourceCells),
            Rows(sourceCells, Breakdowns.PlayerKind),
            sourcesUnknown);
    }

    /// <summary>The range's referrer rows bounded as a day's cells are (<see cref="ReferrerCells"/>):
    /// each host's cells of every day together, then the range's <see cref="ReferrerCells.Max"/> largest
    /// named (most listeners, then sessions, then name) and the rest in "(other)", so a long range
    /// answers at most that many hosts however many days named. Counted without building the hosts'
    /// merged sets: a host's listeners are the distinct count of its days' sets, "(other)"'s the
    /// distinct count of every set it takes in.</summary>
    private static List<BreakdownRow> ReferrerRows(List<IReadOnlyDictionary<string, Dictionary<string, BreakdownCell>>> days)
    {
        var hosts = days.SelectMany(d => d.GetValueOrDefault(Breakdowns.Referrer) ?? [])
            .GroupBy(c => c.Key, StringComparer.Ordinal)
            .Select(g => (Host: g.Key, Sets: g.Select(c => c.Value.Listeners).ToList(),
                Sessions: g.Sum(c => c.Value.Sessions), Seconds: g.Sum(c => c.Value.ListenSeconds)))
            .Select(h => (h.Host, h.Sets, h.Sessions, h.Seconds, Uniques: ListenerSet.UnionCount(h.Sets)))
            .ToList();
        var named = hosts.Where(h => h.Host.Length > 0 && h.Host != Breakdowns.OtherReferrers)
            .OrderByDescending(h => h.Uniques).ThenByDescending(h => h.Sessions).ThenBy(h => h.Host, StringComparer.Ordinal)
            .Take(ReferrerCells.Max).Select(h => h.Host).ToHashSet(StringComparer.Ordinal);
        var rows = new List<BreakdownRow>();
        var other = hosts.Where(h => h.Host.Length > 0 && !named.Contains(h.Host)).ToList();
        foreach (var h in hosts.Where(h => h.Host.Length == 0 || named.Contains(h.Host)))
        {
            rows.Add(new BreakdownRow(Label(Breakdowns.Referrer, h.Host), h.Uniques, h.Sessions, GeoRows.Minutes(h.Seconds)));
        }

        if (other.Count > 0)
        {
            rows.Add(new BreakdownRow(Breakdowns.OtherReferrers, ListenerSet.UnionCount([.. other.SelectMany(h => h.Sets)]),
                other.Sum(h => h.Sessions), GeoRows.Minutes(other.Sum(h => h.Seconds))));
        }

        return [.. rows.OrderByDescending(r => r.UniqueListeners).ThenBy(r => r.Value, StringComparer.Ordinal)];
    }

    /// <summary>A day with listening whose cells (or gross extra cells) lack the traffic sources: stored before they were counted.</summary>
    public static bool SourcesUnknown(DayStats day) =>
        (day.Totals.Sessions + day.Totals.ActiveSessions + day.Totals.ShortSessions + day.Totals.BotSessions > 0 || day.Breakdowns.Values.Any(c => c.Count > 0))
        && (!Breakdowns.HasSources(day.Breakdowns) || day.ExtraBreakdowns is { Count: > 0 } extra && extra.Values.Any(c => c.Count > 0) && !Breakdowns.HasSources(extra));

    private static List<BreakdownRow> Rows(List<IReadOnlyDictionary<string, Dictionary<string, BreakdownCell>>> days, string dimension) =>
        [.. GeoRows.Cells(days, dimension)
            .Select(c => new BreakdownRow(Label(dimension, c.Value), c.Uniques, c.Sessions, GeoRows.Minutes(c.Seconds)))
            .OrderByDescending(r => r.UniqueListeners).ThenBy(r => r.Value, StringComparer.Ordinal)];

    private static string? Label(string dimension, string value) => dimension switch
    {
        Breakdowns.City => Breakdowns.ParseCityKey(value) is var (country, region, city) && city is null && region is null && country is null
            ? null
            : string.Join(", ", new[] { city, region, country }.Where(p => p is not null)),
        Breakdowns.Country or Breakdowns.Referrer when value.Length == 0 => null,
        _ => value,
    };
}
