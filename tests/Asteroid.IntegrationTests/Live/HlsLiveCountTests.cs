using System.Diagnostics;
using Asteroid.IntegrationTests.Import;
using Asteroid.IntegrationTests.Infrastructure;
using Asteroid.Live;
using Microsoft.AspNetCore.SignalR.Client;

namespace Asteroid.IntegrationTests.Live;

/// <summary>A real HAProxy serves an HLS playlist and segments and tracks each client in a stick table;
/// curl loops from three addresses play the stream; the service reads the table over HAProxy's stats
/// socket and reports three listeners for the stream in /stats/current, then two after one stops, and
/// pushes the count to SignalR clients of the stream as it does mount counts.</summary>
public sealed class HlsLiveCountTests : IAsyncLifetime
{
    private const string Stream = "/hls/live";
    private readonly TestDatabase _database = TestDatabase.Create();
    private readonly List<Process> _players = [];
    private HaproxyInstance _haproxy = null!;
    private AsteroidApp _app = null!;
    private string _socketDir = "";

    public async Task InitializeAsync()
    {
        var socketDir = _socketDir = Path.Combine(Path.GetTempPath(), "asteroid-hls-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(socketDir);
        var socket = Path.Combine(socketDir, "admin.sock");
        _haproxy = await HaproxyInstance.StartAsync(backendPort: 9, // never used: HAProxy answers every request itself
            global: $"    stats socket {socket} mode 600 level admin",
            frontend: """
                    http-request track-sc0 src table hls_live if { path_beg /hls/live/ }
                    http-request return status 200 content-type application/vnd.apple.mpegurl string "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nseg1.ts\n" if { path_end .m3u8 }
                    http-request return status 200 content-type video/mp2t string "segment" if { path_end .ts }
                    http-request return status 200 content-type text/plain string "ok"
                """,
            extra: """
                backend hls_live
                    stick-table type ip size 1k expire 30s store http_req_rate(10s)
                """);
        _app = new AsteroidApp(_database, new Dictionary<string, string?>
        {
            ["Hls:Sources:0:Id"] = "edge",
            ["Hls:Sources:0:Socket"] = socket,
            ["Hls:Sources:0:PollIntervalSeconds"] = "1",
            ["Hls:Sources:0:Streams:0:Mount"] = Stream,
            ["Hls:Sources:0:Streams:0:Table"] = "hls_live",
        });
    }

    [Fact]
    public async Task The_live_hls_count_is_the_clients_in_haproxys_stick_table()
    {
        foreach (var host in new[] { 31, 32, 33 })
        {
            _players.Add(Play(host));
        }

        var mount = await Eventually.Get(() => _app.CurrentMountAsync("edge", Stream), m => m is not null && (int)m["listeners"]! == 3,
            TimeSpan.FromSeconds(30), "three HLS listeners on /hls/live");
        Assert.Equal("ok", (string)mount!["status"]!);

        // A stick table entry stays until it expires; its request rate drops to 0 ten seconds after the
        // player's last request: then it no longer counts.
        Stop(_players[0]);
        await Eventually.Get(() => _app.CurrentMountAsync("edge", Stream), m => m is not null && (int)m["listeners"]! == 2,
            TimeSpan.FromSeconds(40), "two HLS listeners once one player stopped");
    }

    [Fact]
    public async Task The_live_hls_count_is_pushed_to_signalr_clients_of_the_stream()
    {
        var changes = new List<MountCountChange>();
        await using var hub = _app.CreateHubConnection();
        hub.On<MountCountChange>("mountChanged", c =>
        {
            lock (changes)
            {
                changes.Add(c);
            }
        });
        await hub.StartAsync();
        await hub.InvokeAsync("JoinMount", "edge", Stream);

        foreach (var host in new[] { 34, 35 })
        {
            _players.Add(Play(host));
        }

        var received = await Eventually.Get(() => Task.FromResult(Snapshot()), c => c.Any(x => x.Listeners == 2), TimeSpan.FromSeconds(30),
            "a mountChanged message with two HLS listeners");
        var change = received.First(x => x.Listeners == 2);
        Assert.Equal(("edge", Stream, "ok"), (change.Server, change.Mount, change.Status));
        Assert.All(received, c => Assert.Equal(("edge", Stream), (c.Server, c.Mount))); // only the stream joined

        List<MountCountChange> Snapshot()
        {
            lock (changes)
            {
                return [.. changes];
            }
        }
    }

    /// <summary>A player: the playlist and a segment every second (its play time, not synchronisation).</summary>
    private Process Play(int host)
    {
        var url = $"http://127.0.0.1:{_haproxy.Port}{Stream}";
        var loop = $"while true; do curl -s -o /dev/null --interface 127.0.0.{host} -A 'AppleCoreMedia/1.0.0' {url}/index.m3u8; " +
            $"curl -s -o /dev/null --interface 127.0.0.{host} -A 'AppleCoreMedia/1.0.0' {url}/seg1.ts; sleep 1; done";
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(loop);
        return Process.Start(start)!;
    }

    private static void Stop(Process player)
    {
        if (!player.HasExited)
        {
            player.Kill(entireProcessTree: true);
            player.WaitForExit(5000);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var player in _players)
        {
            Stop(player);
            player.Dispose();
        }

        await _app.DisposeAsync();
        await _haproxy.DisposeAsync();
        await _database.DisposeAsync();
        Directory.Delete(_socketDir, recursive: true);
    }
}
