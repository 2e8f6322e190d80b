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

    [Theory]
    [InlineData("{VLC/3.0.18|https://www.player.example/listen?q=1}", "player.example", null)]
    [InlineData("{VLC/3.0.18|https://www.player.example/listen|203.0.113.7}", "player.example", "203.0.113.7")]
    [InlineData("{VLC/3.0.18|203.0.113.7|https://player.example/}", "player.example", "203.0.113.7")]
    [InlineData("{VLC/3.0.18||203.0.113.7}", null, "203.0.113.7")]
    [InlineData("{VLC/3.0.18|203.0.113.7}", null, "203.0.113.7")]
    [InlineData("{VLC/3.0.18|android-app://com.example.radio/|}", "com.example.radio", null)]
    [InlineData("{VLC/3.0.18|203.0.113.9 spoofed|10.0.0.1, 203.0.113.7}", null, "10.0.0.1, 203.0.113.7")] // a Referer that is no URL is not an address either
    [InlineData("{VLC/3.0.18|203.0.113.9|10.0.0.1, 203.0.113.7}", null, null)] // a Referer sent as an address: two address lists, neither believed
    [InlineData("{VLC/3.0.18|not-an-address|}", null, null)]
    public void A_haproxy_line_reads_a_captured_referer_after_the_user_agent_in_any_place(string captured, string? host, string? forwardedFor)
    {
        var line = $"127.0.0.7:51000 [23/Nov/2026:10:00:00.000] listeners web/web1 0/0/1/2/3000 200 48000 - - ---- 1/1/0/0/0 0/0 {captured} \"GET /live.mp3 HTTP/1.1\"";

        Assert.True(HaproxyLogParser.TryParse(line, null, out var request, out var reason), reason);

        Assert.Equal("VLC/3.0.18", request!.UserAgent);
        Assert.Equal(host, Asteroid.Sources.ReferrerHost.Of(request.Referer));
        Assert.Equal(forwardedFor, request.ForwardedFor);
    }
}
