using System.Net;

namespace Asteroid.Enrichment;

/// <summary>The address ranges (CIDR) whose connections may name the real client in
/// <c>X-Forwarded-For</c> or <c>Forwarded</c> (configuration <c>Asteroid:TrustedProxies</c>). An
/// IPv4-mapped IPv6 address (<c>::ffff:10.0.0.1</c>) counts as its IPv4 address. Empty: nobody is
/// trusted and forwarded headers are never read.</summary>
public sealed class TrustedProxies
{
    public static readonly TrustedProxies None = new([]);

    private readonly IReadOnlyList<IPNetwork> _ranges;

    private TrustedProxies(IReadOnlyList<IPNetwork> ranges) => _ranges = ranges;

    public bool IsEmpty => _ranges.Count == 0;

    public bool Contains(IPAddress address)
    {
        var a = ForwardedAddress.Normalize(address);
        foreach (var range in _ranges)
        {
            if (range.Contains(a))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads a list of CIDRs (<c>10.0.0.0/8</c>, <c>::1/128</c>) or single addresses
    /// (<c>127.0.0.1</c> is <c>/32</c>). Returns the errors, one per bad entry, with its position.</summary>
    public static TrustedProxies Parse(IReadOnlyList<string>? entries, out IReadOnlyList<string> errors)
    {
        var list = new List<string>();
        var ranges = new List<IPNetwork>();
        for (var i = 0; i < (entries?.Count ?? 0); i++)
        {
            var text = entries![i]?.Trim() ?? "";
            if (TryParseRange(text, out var range))
            {
                ranges.Add(range);
            }
            else
            {
                list.Add($"entry {i} '{text}' is not an address range such as 10.0.0.0/8, 192.0.2.7 or fd00::/8");
            }
        }

        errors = list;
        return list.Count == 0 ? new TrustedProxies(ranges) : None;
    }

    private static bool TryParseRange(string text, out IPNetwork range)
    {
        range = default;
        if (text.Length == 0)
        {
            return false;
        }

        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        if (!ForwardedAddress.TryParseStrict(addressText, out var address))
        {
            return false;
        }

        var max = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        var prefix = max;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out prefix) || prefix > max))
        {
            return false;
        }

        // IPNetwork wants the host bits zero: 10.1.2.3/8 is refused there; read it as 10.0.0.0/8.
        var bytes = address.GetAddressBytes();
        for (var bit = prefix; bit < max; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        range = new IPNetwork(new IPAddress(bytes), prefix);
        return true;
    }
}
