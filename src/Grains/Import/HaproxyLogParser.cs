using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Asteroid.Import;

/// <summary>HAProxy's HTTP log format (<c>option httplog</c>), with or without a syslog prefix:
/// <c>10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {agent} {} "GET /index.html HTTP/1.1"</c>.
/// The bracketed date is when the request was received (HAProxy writes no zone: it is read as UTC,
/// or in <c>timeZone=</c>); the last timer (Ta, or Tt in HAProxy before 1.9) is the milliseconds
/// from then to the response's last byte, so end = date + Ta. The default format has no user agent:
/// capture it as the first request header (<c>http-request capture req.hdr(User-Agent) len 200</c> or
/// <c>capture request header User-Agent len 200</c>) and the first field of the first <c>{…}</c>
/// block is taken as the user agent; otherwise it is "Unknown". A second captured request header is
/// read as <c>X-Forwarded-For</c> (<c>http-request capture req.hdr(X-Forwarded-For) len 200</c> after the
/// user agent), for an HAProxy behind another proxy; it is believed only from a trusted proxy. A
/// captured <c>Referer</c> (<c>capture request header Referer len 200</c>, in any place after the user
/// agent) is recognised as the captured value that is an absolute URL (<see cref="Headers"/>); of it
/// only the host is kept (<c>Sources.ReferrerHost</c>). Timers of -1 (aborted) and status -1
/// are rejected; a '+' (<c>option logasap</c>) is ignored.</summary>
public static partial class HaproxyLogParser
{
    /// <remarks>Never throws: a line that is not in the format is rejected with a reason.</remarks>
    public static bool TryParse(string line, TimeSpan? offset, out ProxyRequest? request, out string? reason)
    {
        request = null;
        reason = null;
        var match = LineRegex().Match(line);
        if (!match.Success)
        {
            reason = line.Length == 0 ? "empty line" : "not in HAProxy's HTTP log format";
            return false;
        }

        var text = match.Groups["time"].Value;
        if (!DateTime.TryParseExact(text, "dd/MMM/yyyy:HH:mm:ss.fff", CultureInfo.InvariantCulture, DateTimeStyles.None, out var clock)
            && !DateTime.TryParseExact(text, "dd/MMM/yyyy:HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out clock))
        {
            reason = "unreadable timestamp";
            return false;
        }

        if (clock.Year < 1995 || clock.Year > 9000)
        {
            reason = "unreadable timestamp";
            return false;
        }

        var start = new DateTimeOffset(clock, offset ?? TimeSpan.Zero);
        if (!long.TryParse(match.Groups["ta"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var total) || total < 0)
        {
            reason = "aborted request (no total time)";
            return false;
        }

        if (total > Icecast.InputLimits.MaxSessionSeconds * 1000)
        {
            reason = $"duration longer than {Icecast.InputLimits.MaxSessionSeconds} s";
            return false;
        }

        if (!int.TryParse(match.Groups["status"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var status) || status is < 100 or > 599)
        {
            reason = "no status (the request was aborted)";
            return false;
        }

        if (!long.TryParse(match.Groups["bytes"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes))
        {
            reason = "unreadable byte count";
            return false;
        }

        var parts = match.Groups["request"].Value.Split(' ');
        if (parts.Length < 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            reason = "unreadable request";
            return false;
        }

        var captured = match.Groups["captured"].Success ? match.Groups["captured"].Value.Split('|') : [""];
        var agent = captured[0];
        var (referer, forwardedFor) = Headers(captured);
        request = new ProxyRequest(IPAddress.TryParse(match.Groups["ip"].Value, out var ip) ? ip : null, start, start.AddMilliseconds(total),
            parts[0], parts[1], status, bytes, agent.Length == 0 ? "Unknown" : agent, DurationKnown: true, Referer: referer, ForwardedFor: forwardedFor);
        return true;
    }

    /// <summary>The captured request headers after the user agent: a value that is an absolute
    /// <c>http</c>, <c>https</c> or <c>android-app</c> URL is the <c>Referer</c> (only its host is kept,
    /// later); the one value that is a comma-separated list of addresses is <c>X-Forwarded-For</c>
    /// (anything else a client sent is neither; with two such values, neither is taken: behind a
    /// trusted proxy, which always adds the header, a client's spoofed header makes the second). HAProxy leaves a header the
    /// request did not send empty, so <c>UA||10.0.0.7</c> and <c>UA|https://x.example/|</c> read right.</summary>
    private static (string? Referer, string? ForwardedFor) Headers(string[] captured)
    {
        string? referer = null;
        var addresses = new List<string>();
        foreach (var value in captured.Skip(1).Where(v => v.Length > 0))
        {
            if (referer is null && IsUrl(value))
            {
                referer = AccessLogParser.Referer(value);
            }
            else if (IsAddressList(value))
            {
                addresses.Add(value);
            }
        }

        // Two address lists cannot be told apart (a client may send any header as an address): then neither is believed.
        return (referer, addresses.Count == 1 ? addresses[0] : null);

        // Only a list of addresses is X-Forwarded-For: a client's own Referer (or any other captured
        // header) that is not a URL must not pass for the address a trusted proxy saw.
        static bool IsAddressList(string v) => v.Split(',').All(part => IPAddress.TryParse(part.Trim(), out _));

        static bool IsUrl(string v) =>
            v.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || v.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || v.StartsWith("android-app://", StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex("""(?:^|\s)(?<ip>[0-9A-Fa-f:.]+):(?<port>\d+) \[(?<time>[^\]]+)\] \S+ [^/\s]+/\S+ -?\d+/-?\d+/-?\d+/-?\d+/\+?(?<ta>-?\d+) (?<status>-?\d+) \+?(?<bytes>\d+) \S+ \S+ \S+ \S+ \S+(?: \{(?<captured>[^}]*)\})?(?: \{[^}]*\})? "(?<request>[^"]*)"\s*$""", RegexOptions.ExplicitCapture)]
    private static partial Regex LineRegex();
}
