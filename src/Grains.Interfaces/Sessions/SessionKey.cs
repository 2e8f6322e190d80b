using System.Security.Cryptography;
using System.Text;

namespace Asteroid.Sessions;

/// <summary>A connection is identified by its server, the start time of that Icecast process
/// (client IDs restart with it) and Icecast's client ID: <c>main|1795394115|23</c>. Re-creating a
/// session from any source (poll, hook, recovery) gives the same key and the same database id.</summary>
public static class SessionKey
{
    public static string Format(string serverId, DateTimeOffset serverStart, long clientId) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{serverId}|{serverStart.ToUnixTimeSeconds()}|{clientId}");

    /// <summary>Deterministic UUID (version 8, name-based on SHA-256) of a session key.</summary>
    public static Guid Id(string key)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return FromHash(hash);
    }

    /// <summary>A version-8 UUID from the first 16 bytes of a hash.</summary>
    public static Guid FromHash(ReadOnlySpan<byte> hash)
    {
        Span<byte> bytes = stackalloc byte[16];
        hash[..16].CopyTo(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes, bigEndian: true);
    }
}
