namespace Asteroid.Analytics;

/// <summary>The breakdown dimensions and how a session names its value in each.</summary>
public static class Breakdowns
{
    public const string Country = "country";
    public const string City = "city";
    public const string Player = "player";
    public const string Os = "os";
    public const string Device = "device";
    public const string Mount = "mount";

    public static readonly string[] All = [Country, City, Player, Os, Device, Mount];

    /// <summary>What a <see cref="GeoDayAggregator"/> keeps (the geo grains, <c>geo_stats</c>).</summary>
    public static readonly string[] Geo = [Country, City];

    /// <summary>What a <see cref="DayAggregator"/> keeps with the day's metrics (<c>daily_stats.breakdowns</c>).</summary>
    public static readonly string[] Day = [Player, Os, Device, Mount];

    /// <summary>Unknown location is the empty string ("countryCode": null in the API).</summary>
    public static IEnumerable<(string Dimension, string Value)> Of(SessionFact f)
    {
        yield return (Country, f.CountryCode ?? "");
        yield return (City, CityKey(f.CountryCode, f.Region, f.City));
        yield return (Player, f.Player);
        yield return (Os, f.Os);
        yield return (Device, f.Device);
        yield return (Mount, f.Server + f.Mount);
    }

    /// <summary>The session's values in the given dimensions only.</summary>
    public static IEnumerable<(string Dimension, string Value)> Of(SessionFact f, IReadOnlyCollection<string> dimensions) =>
        Of(f).Where(b => dimensions.Contains(b.Dimension));

    /// <summary><c>country\tregion\tcity</c>: a city is only the same city within its country and region.</summary>
    public static string CityKey(string? country, string? region, string? city) => $"{country}\t{region}\t{city}";

    public static (string? Country, string? Region, string? City) ParseCityKey(string key)
    {
        var parts = key.Split('\t');
        return (Null(parts[0]), Null(parts[1]), Null(parts[2]));

        static string? Null(string s) => s.Length == 0 ? null : s;
    }
}
