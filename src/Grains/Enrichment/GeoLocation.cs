namespace Asteroid.Enrichment;

/// <summary>Where an address is, at city precision. <see cref="Unknown"/> for private, reserved or
/// unlisted addresses.</summary>
public sealed record class GeoLocation(string? CountryCode, string? CountryName, string? Region, string? City, double? Latitude, double? Longitude)
{
    public static GeoLocation Unknown { get; } = new(null, null, null, null, null, null);
}
