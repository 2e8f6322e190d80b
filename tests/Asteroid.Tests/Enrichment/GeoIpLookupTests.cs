using System.Net;
using Asteroid.Enrichment;
using Asteroid.Tests.Support;
using Microsoft.Extensions.Options;

namespace Asteroid.Tests.Enrichment;

/// <summary>Against the table of test addresses in ../shared/geoip/README.md.</summary>
public sealed class GeoIpLookupTests : IDisposable
{
    private readonly GeoIpLookup _geoIp2 = Open("GeoIP2-City-Test.mmdb");
    private readonly GeoIpLookup _geoLite2 = Open("GeoLite2-City-Test.mmdb");

    [Theory]
    [InlineData("81.2.69.142", "GB", "United Kingdom", "England", "London", 51.51, -0.09)]
    [InlineData("2.125.160.216", "GB", "United Kingdom", "West Berkshire", "Boxford", 51.75, -1.25)]
    [InlineData("216.160.83.56", "US", "United States", "Washington", "Milton", 47.25, -122.31)]
    [InlineData("89.160.20.112", "SE", "Sweden", "Östergötland County", "Linköping", 58.42, 15.62)]
    [InlineData("214.0.0.1", "SG", "Singapore", null, "Singapore", 1.34, 103.77)]
    [InlineData("214.0.1.1", "AU", "Australia", "Victoria", "Melbourne", -37.82, 144.97)]
    [InlineData("67.43.156.1", "BT", "Bhutan", null, null, 27.5, 90.5)]
    [InlineData("2001:480:10::1", "US", "United States", "California", "San Diego", 32.72, -117.16)]
    [InlineData("2001:218::1", "JP", "Japan", null, null, 35.69, 139.75)]
    [InlineData("::ffff:81.2.69.142", "GB", "United Kingdom", "England", "London", 51.51, -0.09)]
    [InlineData("2002:5102:458e::1", "GB", "United Kingdom", "England", "London", 51.51, -0.09)]
    public void Listed_addresses_resolve_to_country_region_city_and_city_level_coordinates(
        string ip, string country, string countryName, string? region, string? city, double lat, double lon)
    {
        Assert.Equal(new GeoLocation(country, countryName, region, city, lat, lon), _geoIp2.Lookup(IPAddress.Parse(ip)));
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("127.0.0.1")]
    [InlineData("192.168.1.1")]
    [InlineData("8.8.8.8")]
    [InlineData("81.2.69.141")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("2001:db8::1")]
    public void Private_reserved_and_unlisted_addresses_are_unknown_not_errors(string ip)
    {
        Assert.Equal(GeoLocation.Unknown, _geoIp2.Lookup(IPAddress.Parse(ip)));
    }

    [Theory]
    [InlineData("2.3.3.1")]
    [InlineData("214.1.1.1")]
    public void Records_without_a_country_have_no_country(string ip)
    {
        var location = _geoIp2.Lookup(IPAddress.Parse(ip));

        Assert.Null(location.CountryCode);
        Assert.Null(location.City);
    }

    [Fact]
    public void The_two_test_databases_differ_where_the_table_says()
    {
        Assert.Equal("San Diego", _geoIp2.Lookup(IPAddress.Parse("214.78.120.1")).City);
        Assert.Equal(GeoLocation.Unknown, _geoLite2.Lookup(IPAddress.Parse("214.78.120.1")));
        Assert.Equal(GeoLocation.Unknown, _geoIp2.Lookup(IPAddress.Parse("214.78.0.1")));
        Assert.Equal("San Diego", _geoLite2.Lookup(IPAddress.Parse("214.78.0.1")).City);
    }

    [Fact]
    public void Without_a_database_every_location_is_unknown()
    {
        using var none = new GeoIpLookup(Options.Create(new GeoIpOptions()));

        Assert.False(none.Enabled);
        Assert.Equal(GeoLocation.Unknown, none.Lookup(IPAddress.Parse("81.2.69.142")));
    }

    [Fact]
    public void A_missing_database_file_fails_with_its_path()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => Open("does-not-exist.mmdb"));
        Assert.Contains("does-not-exist.mmdb", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _geoIp2.Dispose();
        _geoLite2.Dispose();
    }

    private static GeoIpLookup Open(string file) =>
        new(Options.Create(new GeoIpOptions { CityDatabase = SharedData.Path("geoip", file) }));
}
