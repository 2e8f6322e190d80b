using System.Net;
using Asteroid.Sessions;

namespace Asteroid.Enrichment;

/// <summary>Turns an address and a user agent into a <see cref="ListenerProfile"/>. This is the only
/// place an IP is used, and it is not kept: after this call only the keyed hash and the city-level
/// location remain.</summary>
public sealed class ListenerEnricher(GeoIpLookup geo, UserAgentClassifier agents, ListenerKeyHasher hasher)
{
    public ListenerProfile Enrich(IPAddress? address, string? userAgent)
    {
        var location = geo.Lookup(address);
        var agent = agents.Classify(userAgent);
        return new ListenerProfile(hasher.Hash(address, userAgent), location.CountryCode, location.CountryName, location.Region,
            location.City, location.Latitude, location.Longitude, agent.Player, agent.Os, agent.Device, agent.IsBot);
    }
}
