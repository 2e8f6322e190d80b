using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Asteroid.Enrichment;

/// <summary>Listener key = HMAC-SHA256(secret, normalised IP + "\n" + user agent), first 128 bits
/// in hex. IPv4-mapped IPv6 is read as IPv4; IPv6 is truncated to its /64 (one household or device
/// rotates addresses inside it). A plain hash of an IPv4 address would be no protection: all 2^32
/// addresses are hashed in minutes; without the secret the HMAC cannot be reversed that way.</summary>
public sealed class ListenerKeyHasher
{
    private readonly byte[] _secret;
    private readonly bool _includeUserAgent;

    public ListenerKeyHasher(IOptions<PrivacyOptions> options)
    {
        var o = options.Value;
        _secret = Encoding.UTF8.GetBytes(o.HashKey ?? throw new InvalidOperationException("Privacy:HashKey is not set"));
        _includeUserAgent = !string.Equals(o.ListenerKey, "ip", StringComparison.OrdinalIgnoreCase);
    }

    public string Hash(IPAddress? address, string? userAgent)
    {
        var normalised = address is null ? "unknown" : Normalise(address).ToString();
        var input = _includeUserAgent ? normalised + "\n" + (userAgent ?? "") : normalised;
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(input), mac);
        return Convert.ToHexStringLower(mac[..16]);
    }

    /// <summary>Any keyed id derived from listener data (import session ids), with the same secret.</summary>
    public byte[] Mac(string input) => HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(input));

    public static IPAddress Normalise(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes);
    }
}
