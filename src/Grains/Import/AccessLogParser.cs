using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Asteroid.Import;

/// <summary>Icecast's access.log: the combined log format plus the seconds connected,
/// <c>IP - user [23/Nov/2026:00:39:46 +0000] "GET /live.mp3 HTTP/1.1" 200 1835743 "referer" "agent" 222</c>.
/// Keeps listener lines only: GET, 2xx, duration &gt; 0, a stream (not /admin/, not a file Icecast
/// serves). Everything else is skipped (valid, not a listener) or rejected (not a log line).</summary>
public static partial class AccessLogParser
{
    public enum Outcome { Listener, Skipped, Rejected }

    /// <param name="offset">when set, the clock times are read in this offset instead of the line's own</param>
    /// <param name="now">the clock the line's time is bounded by (<see cref="Icecast.InputLimits"/>); default the system's</param>
    /// <remarks>Never throws for any line: whatever is not a listener line is skipped or rejected with a reason.</remarks>
    public static Outcome Parse(string line, TimeSpan? offset, out AccessLogLine? listener, out string? reason, DateTimeOffset? now = null)
    {
        listener = null;
        reason = null;
        var match = LineRegex().Match(line);
        if (!match.Success)
        {
            reason = line.Length == 0 ? "empty line" : "not in Icecast's access log format";
            return Outcome.Rejected;
        }

        if (!TryParseTime(match.Groups["time"].Value, offset, out var ended))
        {
            reason = "unreadable timestamp";
            return Outcome.Rejected;
        }

        var method = match.Groups["method"].Value;
        var path = match.Groups["path"].Value;
        var status = int.Parse(match.Groups["status"].Value, CultureInfo.InvariantCulture);
        if (!long.TryParse(match.Groups["duration"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var duration))
        {
            reason = "duration out of range";
            return Outcome.Rejected;
        }
        if (method != "GET")
        {
            reason = method == "PUT" || method == "SOURCE" ? "source connection" : $"{method} request";
            return Outcome.Skipped;
        }

        if (status is < 200 or > 299)
        {
            reason = $"status {status}";
            return Outcome.Skipped;
        }

        if (duration <= 0)
        {
            reason = "no listening time";
            return Outcome.Skipped;
        }

        var mount = path.Split('?', 2)[0];
        if (mount.StartsWith("/admin/", StringComparison.Ordinal) || NotAStream().IsMatch(mount))
        {
            reason = "not a stream";
            return Outcome.Skipped;
        }

        if (duration > Icecast.InputLimits.MaxSessionSeconds)
        {
            reason = $"duration longer than {Icecast.InputLimits.MaxSessionSeconds} s";
            return Outcome.Rejected;
        }

        if (Icecast.InputLimits.CheckSession(ended - TimeSpan.FromSeconds(duration), ended, now ?? DateTimeOffset.UtcNow) is { } bound)
        {
            reason = "session " + bound;
            return Outcome.Rejected;
        }

        var bytes = long.TryParse(match.Groups["bytes"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var b) ? b : 0;
        var agent = match.Groups["agent"].Value;
        listener = new AccessLogLine(IPAddress.TryParse(match.Groups["ip"].Value, out var ip) ? ip : null, ended, mount, bytes,
            agent is "-" or "" ? "Unknown" : agent, duration, Referer(match.Groups["referer"].Value));
        return Outcome.Listener;
    }

    /// <summary>A logged referrer (<c>-</c> when there was none), cut to a bounded length; only its host is kept later.</summary>
    internal static string? Referer(string? value) =>
        value is null or "" or "-" ? null : value.Length > Icecast.InputLimits.MaxRefererChars ? value[..Icecast.InputLimits.MaxRefererChars] : value;

    /// <summary>Reads "+0000", "+01:00", "-0530" or "Z".</summary>
    public static bool TryParseOffset(string? text, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text) || text == "Z")
        {
            return text == "Z";
        }

        var match = OffsetRegex().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        var hours = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        var minutes = int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
        if (hours > 14 || minutes > 59 || (hours == 14 && minutes > 0))
        {
            return false; // DateTimeOffset allows -14:00 to +14:00
        }

        offset = new TimeSpan(hours, minutes, 0);
        if (match.Groups[1].Value == "-")
        {
            offset = -offset;
        }

        return true;
    }

    internal static bool TryParseTime(string text, TimeSpan? overrideOffset, out DateTimeOffset time)
    {
        time = default;
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0 || !DateTime.TryParseExact(text[..space], "dd/MMM/yyyy:HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var clock))
        {
            return false;
        }

        if (!TryParseOffset(text[(space + 1)..], out var lineOffset) && overrideOffset is null)
        {
            return false;
        }

        var utcTicks = clock.Ticks - (overrideOffset ?? lineOffset).Ticks;
        if (utcTicks < TimeSpan.TicksPerDay * 366 || utcTicks > DateTime.MaxValue.Ticks - (TimeSpan.TicksPerDay * 366))
        {
            return false; // 0001-01-01 ahead of UTC, or 9999-12-31 behind it, is not a time
        }

        time = new DateTimeOffset(clock, overrideOffset ?? lineOffset);
        return true;
    }

    [GeneratedRegex("""^(?<ip>\S+) \S+ \S+ \[(?<time>[^\]]+)\] "(?<method>[A-Z]+) (?<path>\S+)(?: [^"]*)?" (?<status>\d{3}) (?<bytes>\d+|-) "(?<referer>[^"]*)" "(?<agent>[^"]*)" (?<duration>\d+)\s*$""")]
    private static partial Regex LineRegex();

    [GeneratedRegex(@"\.(xsl|css|js|html?|png|jpe?g|gif|ico|svg|txt|xml|json)$", RegexOptions.IgnoreCase)]
    internal static partial Regex NotAStream();

    [GeneratedRegex(@"^([+-])(\d{2}):?(\d{2})$")]
    private static partial Regex OffsetRegex();
}
