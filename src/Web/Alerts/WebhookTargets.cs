using System.Net;
using System.Net.Sockets;

namespace Asteroid.Web.Alerts;

/// <summary>Webhook targets on this machine or the private network: loopback, link-local, private
/// (RFC 1918, unique-local IPv6), unspecified, and the names <c>localhost</c>/<c>*.localhost</c>.
/// Only admins may use them. A name is judged as written (not resolved): a public name that
/// resolves to a private address is the admin's DNS, not a caller's choice.</summary>
public static class WebhookTargets
{
    public static bool IsInternal(Uri url)
    {
        var host = url.IdnHost.Trim('[', ']');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host, out var address) && IsInternal(address);
    }

    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal;
        }

        var b = address.GetAddressBytes();
        return b[0] == 10 || b[0] == 0 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] >= 64 && b[1] <= 127);
    }
}
