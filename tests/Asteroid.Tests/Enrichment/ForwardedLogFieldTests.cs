using System.Net;
using Asteroid.Import;
using Asteroid.Enrichment;

namespace Asteroid.Tests.Enrichment;

/// <summary>The proxy log parsers hand over the forwarded-for field; the address is resolved as for hooks.</summary>
public sealed class ForwardedLogFieldTests
{
    private static readonly TrustedProxies Trusted = TrustedProxies.Parse(["10.0.0.0/8"], out _);

    [Fact]
    public void Nginx_reads_http_x_forwarded_for_and_a_missing_one_is_null()
    {
        Assert.True(NginxLogParser.TryCreate("$remote_addr [$time_local] \"$request\" $status $bytes_sent \"$http_user_agent\" \"$http_x_forwarded_for\" $request_time",
            out var parser, out var error), error);

        Assert.True(parser!.TryParse("10.0.0.5 [23/Nov/2026:10:00:00 +0000] \"GET /live.mp3 HTTP/1.1\" 200 1000 \"VLC/3.0.18\" \"6.6.6.6, 81.2.69.142\" 60.000", null, out var request, out var reason), reason);
        Assert.Equal("6.6.6.6, 81.2.69.142", request!.ForwardedFor);
        Assert.Equal(IPAddress.Parse("81.2.69.142"), ForwardedAddress.Resolve(request.Ip, request.ForwardedFor, request.Forwarded, Trusted));

        Assert.True(parser.TryParse("10.0.0.5 [23/Nov/2026:10:00:00 +0000] \"GET /live.mp3 HTTP/1.1\" 200 1000 \"VLC/3.0.18\" \"-\" 60.000", null, out request, out reason), reason);
        Assert.Null(request!.ForwardedFor);
    }

    [Fact]
    public void Nginx_reads_http_forwarded()
    {
        Assert.True(NginxLogParser.TryCreate("$remote_addr [$time_local] \"$request\" $status $bytes_sent \"$http_forwarded\"", out var parser, out var error), error);

        Assert.True(parser!.TryParse("10.0.0.5 [23/Nov/2026:10:00:00 +0000] \"GET /hls/a/index.m3u8 HTTP/1.1\" 200 100 \"for=\\x22[2001:db8::1]:4711\\x22\"", null, out var request, out var reason), reason);
        Assert.Equal(IPAddress.Parse("2001:db8::1"), ForwardedAddress.Resolve(request!.Ip, request.ForwardedFor, request.Forwarded, Trusted));
    }

    [Fact]
    public void Haproxy_reads_the_second_captured_request_header_as_x_forwarded_for()
    {
        const string line = "10.0.0.5:51000 [23/Nov/2026:10:00:00.000] fe icecast/ice1 0/0/1/2/60000 200 1000 - - ---- 3/3/1/1/0 0/0 {VLC/3.0.18|81.2.69.142} \"GET /live.mp3 HTTP/1.1\"";

        Assert.True(HaproxyLogParser.TryParse(line, null, out var request, out var reason), reason);

        Assert.Equal("VLC/3.0.18", request!.UserAgent);
        Assert.Equal("81.2.69.142", request.ForwardedFor);
        Assert.Equal(IPAddress.Parse("81.2.69.142"), ForwardedAddress.Resolve(request.Ip, request.ForwardedFor, request.Forwarded, Trusted));
        Assert.Equal(IPAddress.Parse("10.0.0.5"), ForwardedAddress.Resolve(request.Ip, request.ForwardedFor, request.Forwarded, TrustedProxies.None));
    }
}
