using System.Globalization;
using Asteroid.Analytics;

namespace Asteroid.Reports;

/// <summary>Countries with their cities over a range, sorted by distinct listeners (a union over the
/// days, never a sum). Unknown location is a null country code.</summary>
public static class GeoRows
{
    public static List<CountryRow> Countries(IReadOnlyList<GeoDay> days) => CountriesOf([.. days.Select(d => d.Cells)]);

    /// <summary>From cell sets (a day's cells; for gross also its extra cells).</summary>
    public static List<CountryRow> CountriesOf(List<IReadOnlyDictionary<string, Dictionary<string, BreakdownCell>>> cells)
    {
        var cities = Cells(cells, Breakdowns.City)
            .Select(c => (Key: Breakdowns.ParseCityKey(c.Value), c.Uniques, c.Sessions, c.Seconds))
            .GroupBy(c => c.Key.Country ?? "")
            .ToDictionary(g => g.Key, g => g
                .Select(c => new CityRow(c.Key.City, c.Key.Region, c.Uniques, c.Sessions, Minutes(c.Seconds)))
                .OrderByDescending(c => c.UniqueListeners).ThenBy(c => c.City, StringComparer.Ordinal).ToList());
        return [.. Cells(cells, Breakdowns.Country)
            .Select(c => new CountryRow(Null(c.Value), CountryName(c.Value), c.Uniques, c.Sessions, Minutes(c.Seconds), cities.GetValueOrDefault(c.Value) ?? []))
            .OrderByDescending(c => c.UniqueListeners).ThenBy(c => c.CountryCode, StringComparer.Ordinal)];
    }

    /// <summary>Per value of a dimension: distinct listeners over the days (each day's cells by
    /// dimension), sessions and listening seconds.</summary>
    public static IEnumerable<(string Value, long Uniques, long Sessions, long Seconds)> Cells(
        IEnumerable<IReadOnlyDictionary<string, Dictionary<string, BreakdownCell>>> days, string dimension) =>
        days.SelectMany(d => d.GetValueOrDefault(dimension) ?? [])
            .GroupBy(c => c.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, ListenerSet.UnionCount(g.Select(c => c.Value.Listeners).ToList()),
                g.Sum(c => c.Value.Sessions), g.Sum(c => c.Value.ListenSeconds)));

    public static double Minutes(long seconds) => MetricsCalculator.Round4(seconds / 60.0);

    private static string? Null(string value) => value.Length == 0 ? null : value;

    private static string? CountryName(string code)
    {
        if (code.Length == 0)
        {
            return null;
        }

        try
        {
            return new RegionInfo(code).EnglishName;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
