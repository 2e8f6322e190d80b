using Asteroid.Import;

namespace Asteroid.Tests.Import;

/// <summary>The referrer field of access logs reaches the listener line (only its host is kept later).</summary>
public sealed class LogReferrerTests
{
    [Fact]
    public void An_icecast_access_line_keeps_its_referrer_and_a_dash_is_none()
    {
        const string with = "127.0.0.3 - - [23/Nov/2026:00:39:46 +0000] \"GET /live.mp3 HTTP/1.1\" 200 1835743 \"https://player.example/?a=b\" \"VLC/3.0.18 LibVLC/3.0.18\" 222";
        const string without = "127.0.0.3 - - [23/Nov/2026:00:39:46 +0000] \"GET /live.mp3 HTTP/1.1\" 200 1835743 \"-\" \"VLC/3.0.18 LibVLC/3.0.18\" 222";

        AccessLogParser.Parse(with, null, out var listener, out _);
        AccessLogParser.Parse(without, null, out var none, out _);

        Assert.Equal("https://player.example/?a=b", listener!.Referer);
        Assert.Null(none!.Referer);
        Assert.Equal("player.example", Asteroid.Sources.ReferrerHost.Of(listener.Referer));
    }

    [Fact]
    public void An_nginx_combined_line_keeps_its_http_referer()
    {
        const string line = "203.0.113.9 - - [23/Nov/2026:00:39:46 +0000] \"GET /live.mp3 HTTP/1.1\" 200 1835743 \"https://www.radio-example.org/listen\" \"Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0\"";

        Assert.True(NginxLogParser.CombinedFormat.TryParse(line, null, out var request, out _));

        Assert.Equal("https://www.radio-example.org/listen", request!.Referer);
        Assert.Equal("radio-example.org", Asteroid.Sources.ReferrerHost.Of(request.Referer));
    }
}
