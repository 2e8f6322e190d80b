using Asteroid.Analytics;

namespace Asteroid.Web.Reports;

/// <summary>The summary's breakdowns: by country, city, player, OS, device and mount, each with
/// distinct listeners, sessions and listening minutes over the range, largest audience first.</summary>
public static class BreakdownReport
{
    public static Dictionary<string, List<BreakdownRow>> All(IReadOnlyList<DayStats> days) => new()
    {
        ["countries"] = Rows(days, Breakdowns.Country),
        ["cities"] = Rows(days, Breakdowns.City),
        ["players"] = Rows(days, Breakdowns.Player),
        ["os"] = Rows(days, Breakdowns.Os),
        ["devices"] = Rows(days, Breakdowns.Device),
        ["mounts"] = Rows(days, Breakdowns.Mount),
    };

    private static List<BreakdownRow> Rows(IReadOnlyList<DayStats> days, string dimension) =>
        [.. GeoReport.Cells(days, dimension)
            .Select(c => new BreakdownRow(Label(dimension, c.Value), c.Uniques, c.Sessions, GeoReport.Minutes(c.Seconds)))
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

/// <summary>One value of a breakdown (<c>null</c> = unknown).</summary>
public sealed record class BreakdownRow(string? Value, long UniqueListeners, long Sessions, double ListenMinutes);
