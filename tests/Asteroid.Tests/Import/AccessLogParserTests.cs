using System.Net;
using Asteroid.Import;
using Asteroid.Tests.Support;

namespace Asteroid.Tests.Import;

public sealed class AccessLogParserTests
{
    [Fact]
    public void A_listener_line_gives_start_end_bytes_agent_and_address()
    {
        const string line = "127.0.0.3 - - [23/Nov/2026:00:39:46 +0000] \"GET /live.mp3 HTTP/1.1\" 200 1835743 \"-\" \"Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0\" 222";

        Assert.Equal(AccessLogParser.Outcome.Listener, AccessLogParser.Parse(line, null, out var listener, out _));

        Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 39, 46, TimeSpan.Zero), listener!.EndedAt);
        Assert.Equal(listener.EndedAt.AddSeconds(-222), listener.StartedAt);
        Assert.Equal(("/live.mp3", 1835743L, 222L), (listener.Mount, listener.BytesSent, listener.DurationSeconds));
        Assert.Equal(IPAddress.Parse("127.0.0.3"), listener.Ip);
        Assert.StartsWith("Mozilla/5.0", listener.UserAgent, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.3", listener.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1 - - [23/Nov/2026:00:35:21 +0000] \"GET /admin/stats HTTP/1.1\" 200 1006 \"-\" \"curl/7.88.1\" 1", "not a stream")]
    [InlineData("127.0.0.1 - - [23/Nov/2026:00:35:21 +0000] \"GET /status-json.xsl HTTP/1.1\" 200 507 \"-\" \"curl/7.88.1\" 2", "not a stream")]
    [InlineData("127.0.0.1 - - [23/Nov/2026:00:38:16 +0000] \"PUT /hook.mp3 HTTP/1.1\" 200 63 \"-\" \"Lavf/59.27.100\" 10", "source connection")]
    [InlineData("127.0.0.1 - - [23/Nov/2026:00:35:39 +0000] \"GET /nosuch.mp3 HTTP/1.1\" 404 394 \"-\" \"curl/7.88.1\" 0", "status 404")]
    [InlineData("127.0.0.5 - - [23/Nov/2026:00:35:39 +0000] \"GET /live.mp3 HTTP/1.1\" 200 0 \"-\" \"VLC\" 0", "no listening time")]
    [InlineData("127.0.0.1 - - [23/Nov/2026:00:37:45 +0000] \"HEAD /live.mp3 HTTP/1.1\" 200 365 \"-\" \"curl/7.88.1\" 0", "HEAD request")]
    public void Lines_that_are_not_listeners_are_skipped_with_a_reason(string line, string reason)
    {
        Assert.Equal(AccessLogParser.Outcome.Skipped, AccessLogParser.Parse(line, null, out _, out var why));
        Assert.Equal(reason, why);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("127.0.0.1 - - [99/Xyz/2026:00:35:21 +0000] \"GET /live.mp3 HTTP/1.1\" 200 1 \"-\" \"VLC\" 5")]
    [InlineData("127.0.0.1 - - [23/Nov/2026:00:35:21 +0000] \"GET /live.mp3 HTTP/1.1\" 200 1 \"-\" \"VLC\"")]
    public void Lines_not_in_the_format_are_rejected(string line)
    {
        Assert.Equal(AccessLogParser.Outcome.Rejected, AccessLogParser.Parse(line, null, out _, out var reason));
        Assert.NotNull(reason);
    }

    [Fact]
    public void A_query_string_is_dropped_from_the_mount_and_the_time_zone_parameter_overrides_the_line()
    {
        const string line = "81.2.69.142 - - [23/Nov/2026:01:00:00 +0000] \"GET /live.mp3?sid=1 HTTP/1.1\" 200 10 \"-\" \"VLC\" 60";

        AccessLogParser.Parse(line, TimeSpan.FromHours(1), out var listener, out _);

        Assert.Equal("/live.mp3", listener!.Mount);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), listener.EndedAt.ToUniversalTime());
    }

    [Theory]
    [InlineData("+0000", 0)]
    [InlineData("+0100", 60)]
    [InlineData("-05:00", -300)]
    [InlineData("+0530", 330)]
    public void Offsets_are_read_with_or_without_colon(string text, int minutes)
    {
        Assert.True(AccessLogParser.TryParseOffset(text, out var offset));
        Assert.Equal(TimeSpan.FromMinutes(minutes), offset);
    }

    [Fact]
    public void Every_line_of_the_recorded_log_is_a_listener_or_skipped_none_rejected()
    {
        var outcomes = File.ReadLines(SharedData.Sample("63-access.log.full"))
            .Select(l => AccessLogParser.Parse(l, null, out _, out _)).ToList();

        Assert.DoesNotContain(AccessLogParser.Outcome.Rejected, outcomes);
        Assert.Contains(AccessLogParser.Outcome.Listener, outcomes);
    }
}
