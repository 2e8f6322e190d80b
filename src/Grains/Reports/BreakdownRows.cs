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
            Rows([BoundReferrers(sourceCells)], Breakdowns.Referrer),
            Rows(sourceCells, Breakdowns.PlayerKind),
            sourcesUnknown);
    }

    /// <summary>The range's referrer cells bounded as a day's are (<see cref="ReferrerCells"/>): each
    /// host's cells of every day merged, then the range's largest named and the rest in "(other)", so
    /// a long range answers at most <see cref="ReferrerCells.Max"/> hosts however many days named.</summary>
    private static Dictionary<string, Dictionary<string, BreakdownCell>> BoundReferrers(
        List<IReadOnlyDictionary<string, Dictionary<string, BreakdownCell>>> days)
    {
        var merged = days.SelectMany(d => d.GetValueOrDefault(Breakdowns.Referrer) ?? [])
            .GroupBy(c => c.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new BreakdownCell
            {
                Sessions = g.Sum(c => c.Value.Sessions),
                ListenSeconds = g.Sum(c => c.Value.ListenSeconds),
                Listeners = ListenerSet.Union([.. g.Select(c => c.Value.Listeners)]),
            }, StringComparer.Ordinal);
        return new Dictionary<string, Dictionary<string, BreakdownCell>> { [Breakdowns.Referrer] = ReferrerCells.Bound(merged, ReferrerCells.Named(merged)) };
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
