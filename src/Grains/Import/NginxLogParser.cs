using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Asteroid.Import;

/// <summary>An nginx access log in the <c>combined</c> format or in a <c>log_format</c> given as
/// text. Variables read: <c>$remote_addr</c>, <c>$time_local</c>, <c>$time_iso8601</c> or <c>$msec</c>
/// (the time nginx writes the line: the request's end), <c>$request</c> (or <c>$request_method</c>
/// with <c>$request_uri</c> / <c>$uri</c>), <c>$status</c>, <c>$body_bytes_sent</c> or
/// <c>$bytes_sent</c>, <c>$http_user_agent</c>, <c>$http_referer</c> (only its host is kept), <c>$request_time</c> (seconds with milliseconds: the
/// start is the end minus it), <c>$http_x_forwarded_for</c> and <c>$http_forwarded</c> (believed only
/// from a trusted proxy: <c>Asteroid:TrustedProxies</c>). Any other variable
/// (<c>$upstream_*</c> …) is matched and ignored. A variable inside double quotes matches up to the
/// next quote (nginx escapes quotes in values as <c>\x22</c>), any other up to the next space; two
/// variables with nothing between them are refused (they could not be told apart). The pattern is
/// matched by the non-backtracking engine (linear in the line's length: only literals, classes,
/// quantifiers and named groups are used), and a line that still takes more than 50 ms is rejected,
/// so no format makes the import slow.</summary>
public sealed class NginxLogParser
{
    public const string Combined = "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent \"$http_referer\" \"$http_user_agent\"";

    /// <summary>Longest <c>log_format</c> accepted, and most variables in it.</summary>
    public const int MaxFormatLength = 2048;
    public const int MaxVariables = 64;

    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(50);
    private readonly Regex _regex;
    private readonly Dictionary<string, int> _groups;

    private NginxLogParser(Regex regex, Dictionary<string, int> groups)
    {
        _regex = regex;
        _groups = groups;
    }

    public static NginxLogParser CombinedFormat { get; } = TryCreate(Combined, out var parser, out _) ? parser! : throw new InvalidOperationException();

    /// <summary>A parser for <paramref name="format"/> (an nginx <c>log_format</c> string, without the
    /// name and quotes of the directive), or why it cannot be used.</summary>
    public static bool TryCreate(string format, out NginxLogParser? parser, out string? error)
    {
        parser = null;
        error = null;
        if (string.IsNullOrWhiteSpace(format) || format.Length > MaxFormatLength)
        {
            error = $"logFormat is an nginx log_format of 1 to {MaxFormatLength} characters";
            return false;
        }

        var pattern = new StringBuilder("^");
        var groups = new Dictionary<string, int>(StringComparer.Ordinal);
        var count = 0;
        var i = 0;
        var previousEnd = -1;
        while (i < format.Length)
        {
            if (format[i] != '$')
            {
                var next = format.IndexOf('$', i);
                var literal = next < 0 ? format[i..] : format[i..next];
                pattern.Append(Regex.Escape(literal));
                i += literal.Length;
                continue;
            }

            var braced = i + 1 < format.Length && format[i + 1] == '{';
            var start = i + (braced ? 2 : 1);
            var end = start;
            while (end < format.Length && (char.IsAsciiLetterOrDigit(format[end]) || format[end] == '_'))
            {
                end++;
            }

            if (end == start || (braced && (end >= format.Length || format[end] != '}')))
            {
                error = $"logFormat has a '$' without a variable name at character {i + 1}";
                return false;
            }

            if (++count > MaxVariables)
            {
                error = $"logFormat has more than {MaxVariables} variables";
                return false;
            }

            if (previousEnd == i)
            {
                error = $"logFormat has two variables with nothing between them at character {i + 1}: they cannot be told apart";
                return false;
            }

            var name = format[start..end];
            var quoted = i > 0 && format[i - 1] == '"';
            var group = $"v{count}";
            pattern.Append("(?<").Append(group).Append('>').Append(VariablePattern(name, quoted)).Append(')');
            groups.TryAdd(name, count);
            i = end + (braced ? 1 : 0);
            previousEnd = i;
        }

        pattern.Append(@"\s*$");
        var hasTime = groups.ContainsKey("time_local") || groups.ContainsKey("time_iso8601") || groups.ContainsKey("msec");
        var hasRequest = groups.ContainsKey("request") || (groups.ContainsKey("request_method") && (groups.ContainsKey("request_uri") || groups.ContainsKey("uri")));
        var missing = new List<string>();
        if (!groups.ContainsKey("remote_addr"))
        {
            missing.Add("$remote_addr");
        }

        if (!hasTime)
        {
            missing.Add("$time_local, $time_iso8601 or $msec");
        }

        if (!hasRequest)
        {
            missing.Add("$request (or $request_method and $request_uri)");
        }

        if (!groups.ContainsKey("status"))
        {
            missing.Add("$status");
        }

        if (missing.Count > 0)
        {
            error = "logFormat lacks " + string.Join(", ", missing);
            return false;
        }

        var names = groups.ToDictionary(g => g.Key, g => g.Value, StringComparer.Ordinal);
        parser = new NginxLogParser(new Regex(pattern.ToString(), RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.NonBacktracking, MatchTimeout), names);
        return true;
    }

    /// <param name="offset">when set, <c>$time_local</c> is read in this offset instead of the line's own</param>
    /// <remarks>Never throws: a line that is not in the format is rejected with a reason.</remarks>
    public bool TryParse(string line, TimeSpan? offset, out ProxyRequest? request, out string? reason)
    {
        request = null;
        reason = null;
        Match match;
        try
        {
            match = _regex.Match(line);
        }
        catch (RegexMatchTimeoutException)
        {
            reason = "not in the nginx log format (too complex to match)";
            return false;
        }

        if (!match.Success)
        {
            reason = line.Length == 0 ? "empty line" : "not in the nginx log format";
            return false;
        }

        if (!TryTime(match, offset, out var end))
        {
            reason = "unreadable timestamp";
            return false;
        }

        string method, path;
        if (Value(match, "request") is { } requestLine)
        {
            var parts = requestLine.Split(' ');
            if (parts.Length < 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                reason = "unreadable request";
                return false;
            }

            (method, path) = (parts[0], parts[1]);
        }
        else
        {
            (method, path) = (Value(match, "request_method") ?? "", Value(match, "request_uri") ?? Value(match, "uri") ?? "");
        }

        if (!int.TryParse(Value(match, "status"), NumberStyles.None, CultureInfo.InvariantCulture, out var status) || status is < 100 or > 599)
        {
            reason = "unreadable status";
            return false;
        }

        var bytesText = Value(match, "body_bytes_sent") ?? Value(match, "bytes_sent");
        long bytes = 0;
        if (bytesText is not null and not "-" && !long.TryParse(bytesText, NumberStyles.None, CultureInfo.InvariantCulture, out bytes))
        {
            reason = "unreadable byte count";
            return false;
        }

        var duration = TimeSpan.Zero;
        var known = false;
        if (Value(match, "request_time") is { } seconds and not "-")
        {
            if (!decimal.TryParse(seconds, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var s) || s > Icecast.InputLimits.MaxSessionSeconds)
            {
                reason = s > Icecast.InputLimits.MaxSessionSeconds ? $"duration longer than {Icecast.InputLimits.MaxSessionSeconds} s" : "unreadable request time";
                return false;
            }

            duration = TimeSpan.FromMilliseconds((double)Math.Round(s * 1000));
            known = true;
        }

        var agent = Value(match, "http_user_agent");
        request = new ProxyRequest(IPAddress.TryParse(Value(match, "remote_addr"), out var ip) ? ip : null, end - duration, end,
            method, path, status, bytes, agent is null or "-" or "" ? "Unknown" : agent.Replace("\\x22", "\"", StringComparison.Ordinal), known,
            AccessLogParser.Referer(Value(match, "http_referer")?.Replace("\\x22", "\"", StringComparison.Ordinal)),
            Header(Value(match, "http_x_forwarded_for")), Header(Value(match, "http_forwarded")));
        return true;
    }

    /// <summary>nginx writes "-" for a missing header and escapes quotes as <c>\x22</c>.</summary>
    private static string? Header(string? value) => value is null or "" or "-" ? null : value.Replace("\\x22", "\"", StringComparison.Ordinal);

    private string? Value(Match match, string name) => _groups.TryGetValue(name, out var group) ? match.Groups[$"v{group}"].Value : null;

    private bool TryTime(Match match, TimeSpan? offset, out DateTimeOffset time)
    {
        time = default;
        if (Value(match, "msec") is { } msec)
        {
            if (!decimal.TryParse(msec, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var unix) || unix > 253_000_000_000m)
            {
                return false;
            }

            time = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(unix * 1000));
            return true;
        }

        if (Value(match, "time_iso8601") is { } iso)
        {
            if (!DateTimeOffset.TryParseExact(iso, "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out time))
            {
                return false;
            }

            if (offset is { } o)
            {
                time = new DateTimeOffset(time.DateTime, o);
            }

            return true;
        }

        return AccessLogParser.TryParseTime(Value(match, "time_local")!, offset, out time);
    }

    private static string VariablePattern(string name, bool quoted) => name switch
    {
        "time_local" => @"\d{2}/[A-Za-z]{3}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}",
        _ when quoted => "[^\"]*",
        _ => @"\S*",
    };
}
