using System.Net;
using System.Security.Cryptography;
using System.Text;
using Asteroid.Enrichment;
using Microsoft.Extensions.Options;

namespace Asteroid.Tests.Enrichment;

public sealed class ListenerKeyHasherTests
{
    private static readonly ListenerKeyHasher IpAndAgent = Hasher("ip+ua");

    [Fact]
    public void The_same_address_and_agent_give_the_same_key_and_another_agent_another()
    {
        var a = IpAndAgent.Hash(IPAddress.Parse("81.2.69.142"), "VLC/3.0.18");

        Assert.Equal(a, IpAndAgent.Hash(IPAddress.Parse("81.2.69.142"), "VLC/3.0.18"));
        Assert.NotEqual(a, IpAndAgent.Hash(IPAddress.Parse("81.2.69.142"), "Winamp/5.9"));
        Assert.NotEqual(a, IpAndAgent.Hash(IPAddress.Parse("81.2.69.143"), "VLC/3.0.18"));
        Assert.Matches("^[0-9a-f]{32}$", a);
    }

    [Fact]
    public void Ipv6_addresses_in_one_64_prefix_are_one_listener()
    {
        Assert.Equal(
            IpAndAgent.Hash(IPAddress.Parse("2001:480:10:1:aaaa::1"), "VLC"),
            IpAndAgent.Hash(IPAddress.Parse("2001:480:10:1:bbbb:cccc:dddd:2"), "VLC"));
        Assert.NotEqual(
            IpAndAgent.Hash(IPAddress.Parse("2001:480:10:1::1"), "VLC"),
            IpAndAgent.Hash(IPAddress.Parse("2001:480:10:2::1"), "VLC"));
    }

    [Fact]
    public void An_ipv4_mapped_address_is_the_ipv4_listener()
    {
        Assert.Equal(IpAndAgent.Hash(IPAddress.Parse("81.2.69.142"), "VLC"), IpAndAgent.Hash(IPAddress.Parse("::ffff:81.2.69.142"), "VLC"));
    }

    [Fact]
    public void Ip_mode_ignores_the_agent()
    {
        var ipOnly = Hasher("ip");

        Assert.Equal(ipOnly.Hash(IPAddress.Parse("81.2.69.142"), "VLC"), ipOnly.Hash(IPAddress.Parse("81.2.69.142"), "Winamp"));
    }

    [Fact]
    public void The_key_is_not_a_plain_hash_of_the_address_and_depends_on_the_secret()
    {
        var plain = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("81.2.69.142")))[..32];
        var key = Hasher("ip").Hash(IPAddress.Parse("81.2.69.142"), null);

        Assert.NotEqual(plain, key);
        Assert.NotEqual(key, Hasher("ip", "another-secret-of-16+chars").Hash(IPAddress.Parse("81.2.69.142"), null));
    }

    private static ListenerKeyHasher Hasher(string mode, string secret = "unit-test-secret-0123456789") =>
        new(Options.Create(new PrivacyOptions { HashKey = secret, ListenerKey = mode }));
}
