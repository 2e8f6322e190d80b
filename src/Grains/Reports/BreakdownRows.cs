using Asteroid.Analytics;

namespace Asteroid.Reports;

/// <summary>The summary's breakdowns: by country, city, player, OS, device and mount, each with
/// distinct listeners, sessions and listening minutes over the range, largest audience first.</summary>
public static class BreakdownRows
{
    public static SummaryBreakdowns All(IReadOnlyList<DayStats> days) => new(
        Rows(days, Breakdowns.Country),
        Rows(days, Breakdowns.City),
        Rows(days, Breakdowns.Player),
        Rows(days, Breakdowns.Os),
        Rows(days, Breakdowns.Device),
        Rows(days, Breakdowns.Mount));

    private static List<BreakdownRow> Rows(IReadOnlyList<DayStats> days, string dimension) =>
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
