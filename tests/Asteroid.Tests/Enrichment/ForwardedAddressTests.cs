using System.Net;
using Asteroid.Enrichment;

namespace Asteroid.Tests.Enrichment;

public sealed class ForwardedAddressTests
{
    private static readonly TrustedProxies Trusted = TrustedProxies.Parse(["10.0.0.0/8", "127.0.0.1", "fd00::/8"], out _);

    private static IPAddress Ip(string text) => IPAddress.Parse(text);

    private static string? Resolve(string peer, string? xff, string? forwarded = null, TrustedProxies? trusted = null) =>
        ForwardedAddress.Resolve(Ip(peer), xff, forwarded, trusted ?? Trusted)?.ToString();

    [Fact]
    public void An_untrusted_peer_is_the_answer_whatever_it_forwards()
    {
        Assert.Equal("81.2.69.142", Resolve("81.2.69.142", "1.2.3.4"));
        Assert.Equal("81.2.69.142", Resolve("81.2.69.142", null, "for=1.2.3.4"));
    }

    [Fact]
    public void Without_trusted_proxies_headers_are_never_read()
    {
        Assert.Equal("10.0.0.5", Resolve("10.0.0.5", "81.2.69.142", trusted: TrustedProxies.None));
    }

    [Fact]
    public void A_trusted_peer_names_the_client_in_x_forwarded_for()
    {
        Assert.Equal("81.2.69.142", Resolve("10.0.0.5", "81.2.69.142"));
        Assert.Equal("81.2.69.142", Resolve("127.0.0.1", " 81.2.69.142 "));
    }

    [Fact]
    public void The_rightmost_untrusted_hop_wins_over_what_the_client_wrote_to_its_left()
    {
        // the client sent "X-Forwarded-For: 6.6.6.6"; its real address 81.2.69.142 was appended by
        // the edge proxy 10.0.0.9, and 10.0.0.5 forwarded to us
        Assert.Equal("81.2.69.142", Resolve("10.0.0.5", "6.6.6.6, 81.2.69.142, 10.0.0.9"));
    }

    [Fact]
    public void All_hops_trusted_gives_the_leftmost()
    {
        Assert.Equal("10.1.1.1", Resolve("10.0.0.5", "10.1.1.1, 10.2.2.2"));
    }

    [Fact]
    public void Malformed_hops_stop_the_walk_and_are_never_an_answer()
    {
        Assert.Equal("10.0.0.5", Resolve("10.0.0.5", "garbage"));
        Assert.Equal("10.0.0.5", Resolve("10.0.0.5", "unknown"));
        Assert.Equal("10.0.0.5", Resolve("10.0.0.5", "1.2"));          // IPAddress.Parse would read 1.0.0.2
        Assert.Equal("10.0.0.5", Resolve("10.0.0.5", "0x7f.0.0.1"));
        Assert.Equal("10.0.0.5", Resolve("10.0.0.5", "81.2.69.142:99999"));
        Assert.Equal("10.0.0.5", Resolve("10.0.0.5", "fe80::1%eth0"));
        Assert.Equal("10.9.9.9", Resolve("10.0.0.5", "81.2.69.142, junk, 10.9.9.9"));
        // garbage left of the untrusted hop does not matter
        Assert.Equal("81.2.69.142", Resolve("10.0.0.5", "junk, 81.2.69.142"));
        Assert.Equal("10.0.0.5", Resolve("10.0.0.5", ""));
    }

    [Fact]
    public void Ports_are_dropped_and_ipv6_is_read()
    {
        Assert.Equal("81.2.69.142", Resolve("10.0.0.5", "81.2.69.142:4711"));
        Assert.Equal("2001:db8::17", Resolve("10.0.0.5", "2001:db8::17"));
        Assert.Equal("2001:db8::17", Resolve("10.0.0.5", "[2001:db8::17]:4711"));
        Assert.Equal("2001:db8::17", Resolve("fd00::1", "2001:db8::17"));
    }

    [Fact]
    public void Ipv4_mapped_addresses_count_as_ipv4_for_trust_and_answer()
    {
        Assert.Equal("81.2.69.142", Resolve("::ffff:10.0.0.5", "::ffff:81.2.69.142"));
    }

    [Fact]
    public void Forwarded_for_is_read_with_quotes_brackets_ports_and_other_parameters()
    {
        Assert.Equal("::1", Resolve("10.0.0.5", null, "for=\"[::1]:123\""));
        Assert.Equal("192.0.2.60", Resolve("10.0.0.5", null, "for=192.0.2.60;proto=http;by=203.0.113.43"));
        Assert.Equal("2001:db8:cafe::17", Resolve("10.0.0.5", null, "for=192.0.2.43, For=\"[2001:db8:cafe::17]:4711\""));
        Assert.Equal("198.51.100.17", Resolve("10.0.0.5", null, "for=198.51.100.17;by=10.0.0.9, for=10.0.0.9"));
    }

    [Fact]
    public void Forwarded_wins_over_x_forwarded_for_and_its_malformed_nodes_are_ignored()
    {
        Assert.Equal("192.0.2.60", Resolve("10.0.0.5", "6.6.6.6", "for=192.0.2.60"));
        Assert.Equal("10.0.0.5", Resolve("10.0.0.5", null, "for=_hidden"));
        Assert.Equal("10.0.0.5", Resolve("10.0.0.5", null, "for=unknown"));
        Assert.Equal("::1", Resolve("10.0.0.5", null, "for=[::1]"));          // RFC 7239 wants quotes here; read anyway
        Assert.Equal("10.0.0.5", Resolve("10.0.0.5", null, "for=\"[::1\""));
        Assert.Equal("10.0.0.5", Resolve("10.0.0.5", null, "proto=https"));   // no for=
        Assert.Equal("10.0.0.5", Resolve("10.0.0.5", null, "for=1.2.3.4;for=5.6.7.8"));
        Assert.Equal("10.0.0.5", Resolve("10.0.0.5", null, "for=\"1.2.3.4"));
    }

    [Fact]
    public void A_very_long_header_is_read_from_the_right()
    {
        var header = string.Join(", ", Enumerable.Repeat("10.3.3.3", 100).Prepend("81.2.69.142"));
        Assert.Equal("10.3.3.3", Resolve("10.0.0.5", header));
        Assert.Equal(ForwardedAddress.MaxHops, ForwardedAddress.XForwardedForHops(header).Count);
    }
}
