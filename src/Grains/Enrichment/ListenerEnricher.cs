using System.Net;
using Asteroid.Sessions;

namespace Asteroid.Enrichment;

/// <summary>Turns an address, a user agent and a referrer into a <see cref="ListenerProfile"/>
/// (of the referrer only the host is kept: <see cref="Sources.ReferrerHost"/>). This is the only
/// place an IP is used, and it is not kept: after this call only the keyed hash and the city-level
/// location remain.</summary>
public sealed class ListenerEnricher(GeoIpLookup geo, UserAgentClassifier agents, ListenerKeyHasher hasher)
{
    public ListenerProfile Enrich(IPAddress? address, string? userAgent, string? referer = null)
    {
        var location = geo.Lookup(address);
        var agent = agents.Classify(userAgent);
        var referrerHost = Sources.ReferrerHost.Of(referer);
        return new ListenerProfile(hasher.Hash(address, userAgent), location.CountryCode, location.CountryName, location.Region,
            location.City, location.Latitude, location.Longitude, agent.Player, agent.Os, agent.Device, agent.IsBot,
            referrerHost, agent.IsBot ? Sources.PlayerKinds.Unknown : Sources.PlayerKindClassifier.Classify(userAgent, referrerHost));
    }
}
