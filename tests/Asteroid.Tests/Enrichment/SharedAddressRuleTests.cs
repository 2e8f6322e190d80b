using System.Net;
using Asteroid.Enrichment;

namespace Asteroid.Tests.Enrichment;

public sealed class SharedAddressRuleTests
{
    private static IEnumerable<IPAddress?> Listeners(int shared, int distinct, string sharedAddress = "10.0.0.5") =>
        Enumerable.Repeat<IPAddress?>(IPAddress.Parse(sharedAddress), shared)
            .Concat(Enumerable.Range(1, distinct).Select(i => (IPAddress?)IPAddress.Parse($"81.2.69.{i}")));

    [Fact]
    public void Eighty_percent_of_ten_listeners_on_one_address_is_a_warning()
    {
        var shared = SharedAddressRule.Check(Listeners(8, 2));

        Assert.NotNull(shared);
        Assert.Equal(10, shared.Listeners);
        Assert.Equal(8, shared.Sharing);
        Assert.Equal(80, shared.Percent);
    }

    [Fact]
    public void Below_eighty_percent_is_not()
    {
        Assert.Null(SharedAddressRule.Check(Listeners(7, 3)));
        Assert.Null(SharedAddressRule.Check(Listeners(79, 21)));
        Assert.NotNull(SharedAddressRule.Check(Listeners(80, 20)));
    }

    [Fact]
    public void Fewer_than_ten_listeners_never_warn()
    {
        Assert.Null(SharedAddressRule.Check(Listeners(9, 0)));
        Assert.Null(SharedAddressRule.Check([]));
    }

    [Fact]
    public void Unknown_addresses_are_not_counted_and_mapped_ipv6_is_its_ipv4()
    {
        var addresses = Listeners(5, 0).Concat(Enumerable.Repeat<IPAddress?>(IPAddress.Parse("::ffff:10.0.0.5"), 5)).Concat([null, null, null]);

        var shared = SharedAddressRule.Check(addresses);

        Assert.NotNull(shared);
        Assert.Equal(10, shared.Listeners);
        Assert.Equal(10, shared.Sharing);
    }

    [Fact]
    public void A_declared_trusted_proxys_address_is_left_out_and_an_untrusted_one_still_warns()
    {
        var trusted = TrustedProxies.Parse(["10.0.0.0/24"], out _);

        Assert.Null(SharedAddressRule.Check(Listeners(10, 0), trusted)); // every listener behind the trusted 10.0.0.5
        Assert.Null(SharedAddressRule.Check(Listeners(20, 3), trusted)); // three known listeners left: fewer than ten
        var untrusted = SharedAddressRule.Check(Listeners(10, 0, sharedAddress: "192.0.2.9"), trusted);
        Assert.NotNull(untrusted);
        Assert.Equal(10, untrusted.Sharing);
    }
}
