using System.Net;
using System.Net.Sockets;

namespace Asteroid.Enrichment;

/// <summary>The listener's address when a proxy stands between it and the server. Rules:
/// <list type="bullet">
/// <item>The connection's address (<c>peer</c>) is the answer unless it is in <see cref="TrustedProxies"/>:
/// anybody else could write any header.</item>
/// <item>From a trusted peer, <c>Forwarded</c> (RFC 7239, its <c>for=</c> parameters) is read when it is
/// present, otherwise <c>X-Forwarded-For</c>. Several header lines are joined with commas, as HTTP does.</item>
/// <item>The hops are walked from the right (the one the trusted proxy appended) to the left; each hop is
/// the answer while the hop after it (or the peer) is trusted. The first untrusted hop is the client: what a
/// client wrote to its left is never believed. All hops trusted: the leftmost.</item>
/// <item>A hop that is not an address (garbage, <c>unknown</c>, an obfuscated <c>_name</c>, a host name,
/// a shortened IPv4 such as <c>1.2</c>) stops the walk: the answer is the last trusted address reached.</item>
/// <item>Ports are dropped (<c>192.0.2.1:4711</c>, <c>"[2001:db8::1]:4711"</c>); an IPv4-mapped IPv6
/// address is its IPv4 address; IPv6 zone ids are refused.</item>
/// </list></summary>
public static class ForwardedAddress
{
    /// <summary>At most this many hops are read from a header (a longer header is cut from the left).</summary>
    public const int MaxHops = 32;

    public static IPAddress? Resolve(IPAddress? peer, string? xForwardedFor, string? forwarded, TrustedProxies trusted)
    {
        if (peer is null || trusted.IsEmpty || !trusted.Contains(peer))
        {
            return peer is null ? null : Normalize(peer);
        }

        var hops = !string.IsNullOrWhiteSpace(forwarded) ? ForwardedHops(forwarded) : XForwardedForHops(xForwardedFor);
        var current = Normalize(peer);
        for (var i = hops.Count - 1; i >= 0 && trusted.Contains(current); i--)
        {
            if (hops[i] is not { } hop)
            {
                break; // malformed: never guess past it
            }

            current = hop;
        }

        return current;
    }

    public static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>An address written in full: dotted-quad IPv4 or IPv6 (no zone id, no port).</summary>
    public static bool TryParseStrict(string text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.Length is 0 or > 45 || text.Contains('%'))
        {
            return false;
        }

        if (text.Contains(':'))
        {
            if (!IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            address = Normalize(v6);
            return true;
        }

        var parts = text.Split('.');
        if (parts.Length != 4 || parts.Any(p => p.Length is 0 or > 3 || !p.All(char.IsAsciiDigit)) || !IPAddress.TryParse(text, out var v4))
        {
            return false;
        }

        address = v4;
        return true;
    }

    /// <summary>The hops of an <c>X-Forwarded-For</c> value, left to right; null for a hop that is not an address.</summary>
    public static IReadOnlyList<IPAddress?> XForwardedForHops(string? value)
    {
        var hops = new List<IPAddress?>();
        if (string.IsNullOrWhiteSpace(value))
        {
            return hops;
        }

        foreach (var part in LastParts(value.Split(',')))
        {
            hops.Add(Node(part.Trim()));
        }

        return hops;
    }

    /// <summary>The <c>for=</c> hops of a <c>Forwarded</c> value, left to right; null for an element
    /// without a readable <c>for=</c>.</summary>
    public static IReadOnlyList<IPAddress?> ForwardedHops(string? value)
    {
        var hops = new List<IPAddress?>();
        if (string.IsNullOrWhiteSpace(value))
        {
            return hops;
        }

        foreach (var element in LastParts(SplitOutsideQuotes(value, ',')))
        {
            IPAddress? hop = null;
            var seen = false;
            foreach (var pair in SplitOutsideQuotes(element, ';'))
            {
                var eq = pair.IndexOf('=');
                if (eq > 0 && pair[..eq].Trim().Equals("for", StringComparison.OrdinalIgnoreCase))
                {
                    hop = seen ? null : Node(Unquote(pair[(eq + 1)..].Trim()));
                    seen = true; // a second for= in one element is malformed
                }
            }

            hops.Add(hop);
        }

        return hops;
    }

    /// <summary>One node: an address with an optional port; IPv6 in brackets when a port follows.</summary>
    private static IPAddress? Node(string text)
    {
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0 || (close + 1 < text.Length && !IsPort(text[(close + 1)..])))
            {
                return null;
            }

            return TryParseStrict(text[1..close], out var v6) && text[1..close].Contains(':') ? v6 : null;
        }

        var colon = text.IndexOf(':');
        if (colon >= 0 && text.IndexOf(':', colon + 1) < 0)
        {
            // IPv4 with a port
            return IsPort(text[colon..]) && TryParseStrict(text[..colon], out var v4p) ? v4p : null;
        }

        return TryParseStrict(text, out var address) ? address : null;
    }

    private static bool IsPort(string text) =>
        text.Length is >= 2 and <= 6 && text[0] == ':' && text[1..].All(char.IsAsciiDigit) && int.Parse(text[1..], System.Globalization.CultureInfo.InvariantCulture) <= 65535;

    private static string Unquote(string value)
    {
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            return value[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal);
        }

        return value.Contains('"') ? "" : value;
    }

    private static IEnumerable<string> LastParts(IReadOnlyList<string> parts) =>
        parts.Count <= MaxHops ? parts : parts.Skip(parts.Count - MaxHops);

    private static List<string> SplitOutsideQuotes(string value, char separator)
    {
        var parts = new List<string>();
        var quoted = false;
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\\' && quoted)
            {
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == separator && !quoted)
            {
                parts.Add(value[start..i]);
                start = i + 1;
            }
        }

        parts.Add(value[start..]);
        return parts;
    }
}
