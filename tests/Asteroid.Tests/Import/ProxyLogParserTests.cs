using System.Net;
using Asteroid.Import;

namespace Asteroid.Tests.Import;

public sealed class ProxyLogParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_combined_line_gives_address_time_request_status_bytes_and_agent_without_a_duration()
    {
        const string line = "81.2.69.142 - - [23/Nov/2026:10:00:07 +0100] \"GET /hls/live/seg7.ts HTTP/1.1\" 200 48128 \"https://radio.example/\" \"Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0\"";

        Assert.True(NginxLogParser.CombinedFormat.TryParse(line, null, out var request, out _));

        Assert.Equal(IPAddress.Parse("81.2.69.142"), request!.Ip);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 0, 7, TimeSpan.Zero), request.End.ToUniversalTime());
        Assert.Equal(request.End, request.Start);
        Assert.False(request.DurationKnown);
        Assert.Equal(("GET", "/hls/live/seg7.ts", 200, 48128L), (request.Method, request.Path, request.Status, request.Bytes));
        Assert.StartsWith("Mozilla/5.0", request.UserAgent, StringComparison.Ordinal);
        Assert.DoesNotContain("81.2.69.142", request.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_log_format_with_request_time_and_msec_gives_the_start_as_end_minus_request_time()
    {
        const string format = "$remote_addr [$time_local] $msec \"$request\" $status $body_bytes_sent $request_time \"$http_user_agent\" \"$http_x_forwarded_for\"";
        const string line = "127.0.0.1 [23/Nov/2026:10:00:00 +0000] 1795428000.250 \"GET /live.mp3 HTTP/1.1\" 200 3600000 222.125 \"VLC/3.0.18 LibVLC/3.0.18\" \"203.0.113.9\"";
        Assert.True(NginxLogParser.TryCreate(format, out var parser, out var error), error);

        Assert.True(parser!.TryParse(line, null, out var request, out var reason), reason);

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_795_428_000_250), request!.End);
        Assert.Equal(request.End.AddMilliseconds(-222_125), request.Start);
        Assert.True(request.DurationKnown);
        Assert.Equal("VLC/3.0.18 LibVLC/3.0.18", request.UserAgent);
    }

    [Theory]
    [InlineData("$remote_addr $status", "$time_local")]
    [InlineData("$time_local \"$request\" $status", "$remote_addr")]
    [InlineData("$remote_addr [$time_local] $status", "$request")]
    [InlineData("$remote_addr [$time_local] \"$request\" $", "without a variable name")]
    [InlineData("", "1 to")]
    [InlineData("$remote_addr$status [$time_local] \"$request\"", "nothing between them")]
    public void An_unusable_log_format_is_refused_with_what_it_lacks(string format, string expected)
    {
        Assert.False(NginxLogParser.TryCreate(format, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("garbage", "not in the nginx log format")]
    [InlineData("127.0.0.1 - - [23/Nov/2026 10:00:00] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\"", "not in the nginx log format")]
    [InlineData("127.0.0.1 - - [31/Feb/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"-\"", "unreadable timestamp")]
    [InlineData("127.0.0.1 - - [23/Nov/2026:10:00:00 +0000] \"\\x16\\x03\" 400 1 \"-\" \"-\"", "unreadable request")]
    [InlineData("127.0.0.1 - - [23/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 99999999999999999999999 \"-\" \"-\"", "unreadable byte count")]
    public void Bad_nginx_lines_are_rejected_with_a_reason(string line, string reason)
    {
        Assert.False(NginxLogParser.CombinedFormat.TryParse(line, null, out _, out var why));
        Assert.Equal(reason, why);
    }

    [Fact]
    public void A_request_time_beyond_the_longest_session_is_rejected()
    {
        Assert.True(NginxLogParser.TryCreate("$remote_addr [$time_local] \"$request\" $status $request_time", out var parser, out _));

        Assert.False(parser!.TryParse("127.0.0.1 [23/Nov/2026:10:00:00 +0000] \"GET /live.mp3 HTTP/1.1\" 200 99999999999.000", null, out _, out var reason));
        Assert.Contains("longer than", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_haproxy_httplog_line_with_a_syslog_prefix_ends_at_the_request_date_plus_ta()
    {
        const string line = "Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 [06/Feb/2026:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 \"GET /index.html HTTP/1.1\"";

        Assert.True(HaproxyLogParser.TryParse(line, null, out var request, out var reason), reason);

        Assert.Equal(new DateTimeOffset(2026, 2, 6, 12, 14, 14, 655, TimeSpan.Zero), request!.Start);
        Assert.Equal(request.Start.AddMilliseconds(109), request.End);
        Assert.Equal(("GET", "/index.html", 200, 2750L, "Unknown"), (request.Method, request.Path, request.Status, request.Bytes, request.UserAgent));
        Assert.Equal(IPAddress.Parse("10.0.1.2"), request.Ip);
    }

    [Fact]
    public void A_haproxy_stream_line_with_captured_agent_ipv6_and_logasap_plus_signs()
    {
        const string line = "2001:db8::7:51000 [23/Nov/2026:10:00:00.000] fe~ icecast/ice1 0/0/1/2/+3600500 200 +57600000 - - ---- 3/3/1/1/0 0/0 {VLC/3.0.18 LibVLC/3.0.18|radio.example} \"GET /live.mp3 HTTP/1.1\"";

        Assert.True(HaproxyLogParser.TryParse(line, TimeSpan.FromHours(1), out var request, out var reason), reason);

        Assert.Equal(IPAddress.Parse("2001:db8::7"), request!.Ip);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero), request.Start.ToUniversalTime());
        Assert.Equal(TimeSpan.FromMilliseconds(3_600_500), request.End - request.Start);
        Assert.Equal(57_600_000L, request.Bytes);
        Assert.Equal("VLC/3.0.18 LibVLC/3.0.18", request.UserAgent);
    }

    [Theory]
    [InlineData("garbage", "not in HAProxy's HTTP log format")]
    [InlineData("10.0.1.2:33317 [06/Feb/2026:12:14:14.655] fe be/<NOSRV> -1/-1/-1/-1/-1 -1 0 - - CR-- 1/1/0/0/0 0/0 \"<BADREQ>\"", "aborted request (no total time)")]
    [InlineData("10.0.1.2:33317 [06/Feb/2026:12:14:14.655] fe be/s 0/0/0/-1/5 -1 0 - - CD-- 1/1/0/0/0 0/0 \"GET / HTTP/1.1\"", "no status (the request was aborted)")]
    [InlineData("10.0.1.2:33317 [36/Feb/2026:12:14:14.655] fe be/s 0/0/0/1/5 200 0 - - ---- 1/1/0/0/0 0/0 \"GET / HTTP/1.1\"", "unreadable timestamp")]
    [InlineData("10.0.1.2:33317 [06/Feb/2026:12:14:14.655] fe be/s 0/0/0/1/99999999999999 200 0 - - ---- 1/1/0/0/0 0/0 \"GET / HTTP/1.1\"", "duration longer than 31622400 s")]
    public void Bad_haproxy_lines_are_rejected_with_a_reason(string line, string reason)
    {
        Assert.False(HaproxyLogParser.TryParse(line, null, out _, out var why));
        Assert.Equal(reason, why);
    }

    [Theory]
    [InlineData("/hls/live/index.m3u8", ProxyRequestRules.Kind.HlsPlaylist, "/hls/live")]
    [InlineData("/hls/live/seg00007.ts?token=1", ProxyRequestRules.Kind.HlsSegment, "/hls/live")]
    [InlineData("/hls/live/a.aac", ProxyRequestRules.Kind.HlsSegment, "/hls/live")]
    [InlineData("/live/720p/chunk.m4s", ProxyRequestRules.Kind.HlsSegment, "/live/720p")]
    [InlineData("/radio.m3u8", ProxyRequestRules.Kind.HlsPlaylist, "/")]
    public void Hls_files_belong_to_the_stream_of_their_directory(string path, ProxyRequestRules.Kind kind, string mount)
    {
        var request = new ProxyRequest(null, Now.AddHours(-1), Now.AddHours(-1), "GET", path, 200, 10, "VLC", false);

        Assert.Equal(kind, ProxyRequestRules.Classify(request, Now, out _, out var directory, out _));
        Assert.Equal(mount, directory);
    }

    [Fact]
    public void A_stream_request_with_a_duration_is_a_session_ending_at_the_logged_time()
    {
        var end = Now.AddHours(-1);
        var request = new ProxyRequest(IPAddress.Loopback, end.AddSeconds(-222.4), end, "GET", "/live.mp3?x=1", 200, 1000, "VLC", true);

        Assert.Equal(ProxyRequestRules.Kind.Stream, ProxyRequestRules.Classify(request, Now, out var line, out _, out _));

        Assert.Equal(("/live.mp3", 222L, 1000L, end), (line!.Mount, line.DurationSeconds, line.BytesSent, line.EndedAt));
    }

    [Theory]
    [InlineData("HEAD", "/live.mp3", 200, true, 10, "HEAD request")]
    [InlineData("GET", "/live.mp3", 404, true, 10, "status 404")]
    [InlineData("GET", "/status-json.xsl", 200, true, 10, "not a stream")]
    [InlineData("GET", "/admin/stats", 200, true, 10, "not a stream")]
    [InlineData("GET", "/live.mp3", 200, false, 10, "no request time in the log format (a stream needs $request_time)")]
    [InlineData("GET", "/live.mp3", 200, true, 0.2, "no listening time")]
    public void Requests_that_are_not_listeners_are_skipped_with_a_reason(string method, string path, int status, bool known, double seconds, string reason)
    {
        var end = Now.AddHours(-1);
        var request = new ProxyRequest(null, end.AddSeconds(-seconds), end, method, path, status, 10, "VLC", known);

        Assert.Equal(ProxyRequestRules.Kind.Skipped, ProxyRequestRules.Classify(request, Now, out _, out _, out var why));
        Assert.Equal(reason, why);
    }

    [Fact]
    public void A_request_in_the_future_is_rejected()
    {
        var request = new ProxyRequest(null, Now.AddDays(3), Now.AddDays(3), "GET", "/hls/live/1.ts", 200, 10, "VLC", false);

        Assert.Equal(ProxyRequestRules.Kind.Rejected, ProxyRequestRules.Classify(request, Now, out _, out _, out var why));
        Assert.Equal("request ends in the future", why);
    }

    [Theory]
    [InlineData("/hls/{0}/seg1.ts", ProxyRequestRules.Kind.HlsSegment)]
    [InlineData("/hls/{0}/index.m3u8", ProxyRequestRules.Kind.HlsPlaylist)]
    [InlineData("/{0}", ProxyRequestRules.Kind.Stream)]
    public void A_mount_longer_than_the_station_rule_is_rejected(string template, ProxyRequestRules.Kind kind)
    {
        string Path(int length) => string.Format(System.Globalization.CultureInfo.InvariantCulture, template, new string('m', length));
        var fits = template.StartsWith("/hls/", StringComparison.Ordinal) ? Asteroid.Stations.StationRules.MaxMountLength - "/hls/".Length : Asteroid.Stations.StationRules.MaxMountLength - 1;
        ProxyRequest Request(string path) => new(null, Now.AddMinutes(-10), Now.AddMinutes(-1), "GET", path, 200, 10, "VLC", true);

        Assert.Equal(kind, ProxyRequestRules.Classify(Request(Path(fits)), Now, out _, out _, out _));
        Assert.Equal(ProxyRequestRules.Kind.Rejected, ProxyRequestRules.Classify(Request(Path(fits + 1)), Now, out var stream, out var mount, out var why));
        Assert.Equal($"mount longer than {Asteroid.Stations.StationRules.MaxMountLength} characters", why);
        Assert.Null(mount);
        Assert.Null(stream);
    }

    [Fact]
    public void A_pathological_user_format_matches_in_linear_time_instead_of_timing_out()
    {
        // 60 \S* variables separated by '-', then a line of dashes that fails only at its end: a backtracking
        // engine tries every way to split the dashes among the variables (and hits the 50 ms timeout).
        var format = "$remote_addr [$time_local] \"$request\" $status " + string.Join("-", Enumerable.Range(0, 58).Select(i => $"$v{i}"));
        Assert.True(NginxLogParser.TryCreate(format, out var parser, out var error), error);
        var line = "192.0.2.1 [01/Dec/2026:00:00:00 +0000] \"GET /live HTTP/1.1\" 200 " + new string('-', 4000) + " y";
        var started = System.Diagnostics.Stopwatch.StartNew();

        for (var i = 0; i < 20; i++)
        {
            Assert.False(parser!.TryParse(line, null, out _, out var why));
            Assert.Equal("not in the nginx log format", why);
        }

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
        Assert.True(parser!.TryParse("192.0.2.1 [01/Dec/2026:00:00:00 +0000] \"GET /live HTTP/1.1\" 200 " + string.Join("-", Enumerable.Repeat("a", 58)), null, out var request, out _));
        Assert.Equal("/live", request!.Path);
    }
}
