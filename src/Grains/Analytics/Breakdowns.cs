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

    /// <summary>The session's referrer host (<see cref="Asteroid.Sources.ReferrerHost"/>); "" = none (direct,
    /// an app, no <c>Referer</c>); <see cref="OtherReferrers"/> = the hosts past a day's top
    /// <see cref="ReferrerCells.Max"/>.</summary>
    public const string Referrer = "referrer";

    /// <summary>The session's player kind (<see cref="Asteroid.Sources.PlayerKinds"/>).</summary>
    public const string PlayerKind = "playerKind";

    /// <summary>The value of the referrer cell that holds the hosts past a day's named ones ("(" is
    /// never part of a host).</summary>
    public const string OtherReferrers = "(other)";

    public static readonly string[] All = [Country, City, Player, Os, Device, Mount, Referrer, PlayerKind];

    /// <summary>The traffic-source dimensions (issue 19): a day row stored before they existed
    /// (migration 0030 and earlier) lacks them — unknown, not empty.</summary>
    public static readonly string[] Sources = [Referrer, PlayerKind];

    /// <summary>What a <see cref="GeoDayAggregator"/> keeps (the geo grains, <c>geo_stats</c>).</summary>
    public static readonly string[] Geo = [Country, City];

    /// <summary>What a <see cref="DayAggregator"/> keeps with the day's metrics (<c>daily_stats.breakdowns</c>).</summary>
    public static readonly string[] Day = [Player, Os, Device, Mount, Referrer, PlayerKind];

    /// <summary>Whether a day's cells have the traffic-source dimensions (a row stored before they existed has not).</summary>
    public static bool HasSources(IReadOnlyDictionary<string, Dictionary<string, BreakdownCell>> cells) => Sources.All(cells.ContainsKey);

    /// <summary>Unknown location is the empty string ("countryCode": null in the API).</summary>
    public static IEnumerable<(string Dimension, string Value)> Of(SessionFact f)
    {
        yield return (Country, f.CountryCode ?? "");
        yield return (City, CityKey(f.CountryCode, f.Region, f.City));
        yield return (Player, f.Player);
        yield return (Os, f.Os);
        yield return (Device, f.Device);
        yield return (Mount, f.Server + f.Mount);
        yield return (Referrer, f.ReferrerHost ?? "");
        yield return (PlayerKind, f.PlayerKind);
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
