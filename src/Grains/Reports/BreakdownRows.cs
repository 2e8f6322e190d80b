using Asteroid.Analytics;

namespace Asteroid.Reports;

/// <summary>The summary's breakdowns: by country, city, player, OS, device and mount, each with
/// distinct listeners, sessions and listening minutes over the range, largest audience first.</summary>
public static class BreakdownRows
{
    /// <summary>Country and city from the geo days, the rest from the days' own breakdowns.</summary>
    public static SummaryBreakdowns All(IReadOnlyList<DayStats> days, IReadOnlyList<GeoDay> geo) => WithGeoCells(days, [.. geo.Select(d => d.Cells)]);

    /// <summary>With the geo cell sets given (a day's cells; for gross also its extra cells); a
    /// gross day (<see cref="DayStats.AsGross"/>) brings its extra cells.</summary>
    public static SummaryBreakdowns WithGeoCells(IReadOnlyList<DayStats> days, List<IReadOnlyDictionary<string, Dictionary<string, BreakdownCell>>> geoCells)
    {
        var dayCells = days.SelectMany(d => d.ExtraBreakdowns is { } extra ? [d.Breakdowns, extra] : new[] { d.Breakdowns }).ToList();
        return Build(dayCells, geoCells);
    }

    /// <summary>From one set of cells in every dimension (the daypart summary's, computed from raw sessions).</summary>
    public static SummaryBreakdowns OfCells(IReadOnlyDictionary<string, Dictionary<string, BreakdownCell>> cells) => Build([cells], [cells]);

    private static SummaryBreakdowns Build(
        List<IReadOnlyDictionary<string, Dictionary<string, BreakdownCell>>> dayCells, List<IReadOnlyDictionary<string, Dictionary<string, BreakdownCell>>> geoCells)
    {
        return new(
            Rows(geoCells, Breakdowns.Country),
            Rows(geoCells, Breakdowns.City),
            Rows(dayCells, Breakdowns.Player),
            Rows(dayCells, Breakdowns.Os),
            Rows(dayCells, Breakdowns.Device),
            Rows(dayCells, Breakdowns.Mount));
    }

    private static List<BreakdownRow> Rows(List<IReadOnlyDictionary<string, Dictionary<string, BreakdownCell>>> days, string dimension) =>
        [.. GeoRows.Cells(days, dimension)
            .Select(c => new BreakdownRow(Label(dimension, c.Value), c.Uniques, c.Sessions, GeoRows.Minutes(c.Seconds)))
            .OrderByDescending(r => r.UniqueListeners).ThenBy(r => r.Value, StringComparer.Ordinal)];

    private static string? Label(string dimension, string value) => dimension switch
    {
        Breakdowns.City => Breakdowns.ParseCityKey(value) is var (country, region, city) && city is null && region is null && country is null
            ? null
            : string.Join(", ", new[] { city, region, country }.Where(p => p is not null)),
        Breakdowns.Country when value.Length == 0 => null,
        _ => value,
    };
}
