using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Asteroid.Reports;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace Asteroid.Web.Reports;

/// <summary>The opaque <c>cursor=</c> of <c>/stats/sessions</c>: the keyset position (start and
/// session id of the last row of a page) and a fingerprint of the query it belongs to, protected
/// (authenticated and encrypted) with the cluster's data-protection keys, base64url. Anything that
/// does not unprotect, has another layout or belongs to another query is rejected: a tampered or
/// foreign cursor is a 400, never a silent restart or a jump.</summary>
public sealed class SessionCursor(IDataProtectionProvider provider)
{
    private const byte Version = 1;
    private const int Length = 1 + 8 + 8 + 16;
    private readonly IDataProtector _protector = provider.CreateProtector("Asteroid.Stats.SessionsCursor.v1");

    public string Encode(SessionKeyset position, string query)
    {
        var payload = new byte[Length];
        payload[0] = Version;
        Fingerprint(query).CopyTo(payload.AsSpan(1, 8));
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(9, 8), position.StartedAtUtc.Ticks);
        position.SessionId.TryWriteBytes(payload.AsSpan(17, 16));
        return WebEncoders.Base64UrlEncode(_protector.Protect(payload));
    }

    /// <summary>The position, or null when the cursor is not one this service issued for <paramref name="query"/>.</summary>
    public SessionKeyset? Decode(string cursor, string query)
    {
        byte[] payload;
        try
        {
            payload = _protector.Unprotect(WebEncoders.Base64UrlDecode(cursor));
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return null;
        }

        if (payload.Length != Length || payload[0] != Version || !payload.AsSpan(1, 8).SequenceEqual(Fingerprint(query)))
        {
            return null;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(9, 8));
        return ticks is < 0 or > 3155378975999999999 // DateTime.MaxValue.Ticks
            ? null
            : new SessionKeyset(new DateTime(ticks, DateTimeKind.Utc), new Guid(payload.AsSpan(17, 16)));
    }

    private static byte[] Fingerprint(string query) => SHA256.HashData(Encoding.UTF8.GetBytes(query))[..8];
}
