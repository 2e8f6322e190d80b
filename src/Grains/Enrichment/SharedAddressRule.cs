using System.Net;
using Asteroid.Mounts;

namespace Asteroid.Enrichment;

/// <summary>When "most listeners of a mount share one address" — the sign of a proxy in front of the
/// server that hides its listeners (docs/alerts.md, <c>shared-address</c>). Rule: among the listeners
/// with a known address, at least <see cref="MinimumListeners"/> (10), one address is held by at least
/// <see cref="MinimumPercent"/> (80 %) of them. Fewer listeners: never (a household or an office on
/// one address is normal). IPv4-mapped IPv6 counts as its IPv4 address. Addresses of a declared
/// trusted proxy (<c>Asteroid:TrustedProxies</c>) are left out: the listeners behind it are resolved
/// from the forwarded headers, so that proxy hides nobody. The addresses are only
/// counted in memory: the answer carries counts, never an address.</summary>
public static class SharedAddressRule
{
    public const int MinimumListeners = 10;
    public const double MinimumPercent = 80;

    public static SharedAddress? Check(IEnumerable<IPAddress?> addresses, TrustedProxies? trusted = null)
    {
        var counts = new Dictionary<IPAddress, int>();
        var known = 0;
        foreach (var address in addresses)
        {
            if (address is null || trusted is not null && !trusted.IsEmpty && trusted.Contains(address))
            {
                continue;
            }

            known++;
            var key = ForwardedAddress.Normalize(address);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        if (known < MinimumListeners)
        {
            return null;
        }

        var largest = counts.Values.Max();
        return largest * 100.0 >= MinimumPercent * known ? new SharedAddress(known, largest) : null;
    }
}
