using Asteroid.Hls;

namespace Asteroid.Tests.Hls;

public sealed class HlsOptionsTests
{
    [Theory]
    [InlineData("/run/haproxy/admin.sock", true)]
    [InlineData("127.0.0.1:9999", true)]
    [InlineData("[::1]:9999", true)]
    [InlineData("10.0.0.1:9999", false)]
    [InlineData("127.0.0.1", false)]
    [InlineData("", false)]
    [InlineData("haproxy:9999", false)]
    public void A_socket_is_a_unix_path_or_a_loopback_address_with_a_port(string socket, bool valid)
    {
        Assert.Equal(valid, HlsSourceRules.CheckSocket(socket) is null);
    }

    [Fact]
    public void The_validator_names_each_bad_setting_with_its_position()
    {
        var options = new HlsOptions
        {
            Sources =
            [
                new HlsSourceOptions { Id = "edge", Socket = "/run/haproxy/admin.sock", Streams = [new HlsStreamOptions { Mount = "/hls/live", Table = "hls_live" }] },
                new HlsSourceOptions
                {
                    Id = "Edge!", Socket = "10.0.0.1:9999", PollIntervalSeconds = 0,
                    Streams = [new HlsStreamOptions { Mount = "hls", Table = "t", Backend = "b" }, new HlsStreamOptions { Mount = "/x", Table = "bad name" }],
                },
            ],
        };

        var result = new HlsOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.StartsWith("Hls:Sources:1:Id 'Edge!'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Hls:Sources:1:Socket", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Hls:Sources:1:PollIntervalSeconds", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Hls:Sources:1:Streams:0:Mount 'hls'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Hls:Sources:1:Streams:0 needs exactly one", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Hls:Sources:1:Streams:1:Table 'bad name'", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.StartsWith("Hls:Sources:0", StringComparison.Ordinal));
    }
}
