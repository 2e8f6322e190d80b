namespace Asteroid.Enrichment;

/// <summary>Configuration section <c>GeoIp</c>.</summary>
public sealed class GeoIpOptions
{
    public const string Section = "GeoIp";

    /// <summary>A City database: MaxMind GeoIP2/GeoLite2 City, or DB-IP Lite City in the flat
    /// <c>ip-location-db</c> schema. Without one every location is unknown.</summary>
    public string? CityDatabase { get; set; }

    /// <summary>Optional separate database for IPv6 (DB-IP ships one file per family).</summary>
    public string? CityDatabaseV6 { get; set; }
}
