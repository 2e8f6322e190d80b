namespace Asteroid.Sessions;

/// <summary>Everything kept about a listener once the IP is gone: the keyed hash and what the
/// GeoIP lookup and the user agent said. Location is at city precision. <see cref="ReferrerHost"/>
/// is the host of the <c>Referer</c> (never the URL) and <see cref="PlayerKind"/> the traffic
/// source kind (<c>Asteroid.Sources.PlayerKinds</c>).</summary>
[GenerateSerializer, Immutable, Alias("asteroid.listener-profile")]
public sealed record class ListenerProfile(
    [property: Id(0)] string ListenerKey,
    [property: Id(1)] string? CountryCode,
    [property: Id(2)] string? CountryName,
    [property: Id(3)] string? Region,
    [property: Id(4)] string? City,
    [property: Id(5)] double? Latitude,
    [property: Id(6)] double? Longitude,
    [property: Id(7)] string Player,
    [property: Id(8)] string Os,
    [property: Id(9)] string Device,
    [property: Id(10)] bool IsBot,
    [property: Id(11)] string? ReferrerHost = null,
    [property: Id(12)] string PlayerKind = "unknown");
