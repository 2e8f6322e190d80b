using System.Net;
using Asteroid.Enrichment;

namespace Asteroid.Tests.Enrichment;

public sealed class TrustedProxiesTests
{
    [Fact]
    public void Ranges_and_single_addresses_are_read()
    {
        var trusted = TrustedProxies.Parse(["10.0.0.0/8", "192.0.2.7", "2001:db8::/32", "::1"], out var errors);

        Assert.Empty(errors);
        Assert.True(trusted.Contains(IPAddress.Parse("10.200.1.1")));
        Assert.True(trusted.Contains(IPAddress.Parse("192.0.2.7")));
        Assert.False(trusted.Contains(IPAddress.Parse("192.0.2.8")));
        Assert.True(trusted.Contains(IPAddress.Parse("2001:db8:1::5")));
        Assert.True(trusted.Contains(IPAddress.Parse("::1")));
        Assert.False(trusted.Contains(IPAddress.Parse("2001:db9::1")));
        Assert.True(trusted.Contains(IPAddress.Parse("::ffff:10.1.2.3")));
    }

    [Fact]
    public void Host_bits_in_a_range_are_ignored()
    {
        var trusted = TrustedProxies.Parse(["10.1.2.3/8"], out var errors);

        Assert.Empty(errors);
        Assert.True(trusted.Contains(IPAddress.Parse("10.9.9.9")));
    }

    [Fact]
    public void Bad_entries_are_each_named_with_their_position()
    {
        TrustedProxies.Parse(["10.0.0.0/8", "10.0.0.0/33", "example.org", "", "::1/129", "10.0.0.0/x", "1.2/8"], out var errors);

        Assert.Equal(6, errors.Count);
        Assert.StartsWith("entry 1 '10.0.0.0/33'", errors[0]);
        Assert.StartsWith("entry 2 'example.org'", errors[1]);
    }

    [Fact]
    public void No_entries_trust_nobody()
    {
        var trusted = TrustedProxies.Parse([], out var errors);

        Assert.Empty(errors);
        Assert.True(trusted.IsEmpty);
        Assert.False(trusted.Contains(IPAddress.Loopback));
    }

    [Fact]
    public void The_options_validator_fails_start_on_a_bad_entry()
    {
        var result = new ProxyOptionsValidator().Validate(null, new ProxyOptions { TrustedProxies = ["10.0.0.0/8", "nope"] });

        Assert.True(result.Failed);
        Assert.Contains("Asteroid:TrustedProxies: entry 1 'nope'", result.FailureMessage);
        Assert.True(new ProxyOptionsValidator().Validate(null, new ProxyOptions()).Succeeded);
    }
}
