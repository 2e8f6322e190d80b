using Asteroid.Enrichment;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Asteroid.Tests.Support;

public static class TestEnricher
{
    public static ListenerEnricher Create(string? geoDatabase = "GeoIP2-City-Test.mmdb") => new(
        new GeoIpLookup(Options.Create(new GeoIpOptions { CityDatabase = geoDatabase is null ? null : SharedData.Path("geoip", geoDatabase) })),
        new UserAgentClassifier(Options.Create(new UserAgentOptions()), NullLogger<UserAgentClassifier>.Instance),
        new ListenerKeyHasher(Options.Create(new PrivacyOptions { HashKey = "unit-test-secret-0123456789" })));
}
