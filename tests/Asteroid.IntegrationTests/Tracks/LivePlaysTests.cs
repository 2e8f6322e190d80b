using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Asteroid.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Asteroid.IntegrationTests.Tracks;

/// <summary>Plays from a real Icecast: an ffmpeg source whose metadata changes at known times
/// (<c>/admin/metadata?mode=updinfo</c>), curl listeners joining and leaving inside and across plays,
/// pushes from an "automation system", and the trackChanged messages of the hub.</summary>
public sealed class LivePlaysTests : IAsyncLifetime
{
    private const string Mount = "/tracks.mp3";
    private const string PushMount = "/push.mp3";
    private readonly TestDatabase _database = TestDatabase.Create();
    private IcecastInstance _icecast = null!;
    private AsteroidApp _app = null!;

    public async Task InitializeAsync()
    {
        _icecast = await IcecastInstance.StartAsync();
        await _icecast.AddSourceAsync(Mount);
        await _icecast.AddSourceAsync(PushMount);
        _app = new AsteroidApp(_database, new Dictionary<string, string?>
        {
            ["Tracks:FinalizeAfterSeconds"] = "1",
            ["Tracks:FinalizeIntervalSeconds"] = "1",
        });
        await _app.PutServerAsync("main", _icecast.BaseUrl, _icecast.AdminPassword);
    }

    [Fact]
    public async Task Polled_plays_and_their_audience_follow_the_metadata_and_the_listeners_within_the_poll_precision()
    {
        var changes = new ConcurrentQueue<JsonNode>();
        await using var hub = _app.CreateHubConnection();
        hub.On<JsonNode>("trackChanged", changes.Enqueue);
        await hub.StartAsync();
        await hub.InvokeAsync("JoinMount", "main", Mount);

        await SetMetadataAsync(Mount, "Artist A - One");
        await NowPlayingAsync(Mount, "One");
        var l1 = _icecast.AddListener(Mount, 71);
        await OpenSessionsAsync(1);
        await PassAsync(TimeSpan.FromSeconds(4));

        var clock = Stopwatch.StartNew();
        await SetMetadataAsync(Mount, "Artist B - Two");
        var twoAt = DateTimeOffset.UtcNow;
        await NowPlayingAsync(Mount, "Two");
        var l2 = _icecast.AddListener(Mount, 72);
        var l2Joined = clock.Elapsed;
        await OpenSessionsAsync(2);
        await PassAsync(TimeSpan.FromSeconds(4));
        IcecastInstance.Stop(l1);
        var l1Left = clock.Elapsed;
        await FinishedSessionsAsync(1);
        await PassAsync(TimeSpan.FromSeconds(4));

        await SetMetadataAsync(Mount, "Artist C - Three");
        var threeAt = clock.Elapsed;
        await NowPlayingAsync(Mount, "Three");
        await PassAsync(TimeSpan.FromSeconds(3));
        IcecastInstance.Stop(l2);
        await FinishedSessionsAsync(2);

        var today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var plays = await Eventually.Get(
            async () => (await _app.GetJsonAsync($"/api/asteroid/stats/plays?server=main&mount={Mount}&from={today}&to={today}&traffic=gross"))["plays"]!.AsArray(),
            p => p.Count == 3 && p[2]!["tuneOuts"] is { } t && (int)t == 1, TimeSpan.FromSeconds(20), "three plays, the last one's listener gone");
        Assert.Equal(["One", "Two", "Three"], plays.Select(p => (string)p!["title"]!));
        Assert.All(plays, p => Assert.Equal("poll", (string)p!["source"]!));

        var two = plays[1]!;
        var precision = (int)two["startPrecisionSeconds"]!;
        Assert.InRange(precision, 0, 2);
        Assert.InRange(((DateTimeOffset)two["startedAt"]! - twoAt).TotalSeconds, -precision - 1.5, precision + 1.5);
        // L1 was there before and left during Two; L2 joined during Two and stayed into Three.
        Assert.Equal((1, 1, 1, 1, 2, 2), ((int)two["listenersAtStart"]!, (int)two["tuneIns"]!, (int)two["tuneOuts"]!, (int)two["listenersAtEnd"]!,
            (int)two["peakListeners"]!, (int)two["uniqueListeners"]!));
        var expectedMinutes = (l1Left.TotalSeconds + (threeAt - l2Joined).TotalSeconds) / 60;
        Assert.InRange((double)two["listenMinutes"]!, expectedMinutes - 4 / 60.0, expectedMinutes + 4 / 60.0); // sessions ± 1 s poll, plays ± 0.5 s, each end

        // Net: no session lasted 60 s, so nobody counts.
        var net = (await _app.GetJsonAsync($"/api/asteroid/stats/plays?server=main&mount={Mount}&from={today}&to={today}"))["plays"]!.AsArray();
        Assert.Equal(0, (int)net[1]!["uniqueListeners"]!);

        await Eventually.Get(() => Task.FromResult(changes.Select(c => (string?)c["title"]).ToList()), t => t.Contains("Two") && t.Contains("Three"),
            TimeSpan.FromSeconds(10), "trackChanged for Two and Three");
        var message = changes.First(c => (string?)c["title"] == "Two");
        Assert.Equal(("main", Mount, "Artist B"), ((string)message["server"]!, (string)message["mount"]!, (string)message["artist"]!));
        Assert.Equal((DateTimeOffset)two["startedAt"]!, (DateTimeOffset)message["startedAt"]!);

        var now = await _app.GetJsonAsync("/api/asteroid/stats/now-playing");
        var mount = now["mounts"]!.AsArray().First(m => (string?)m!["mount"] == Mount)!;
        Assert.Equal(("Artist C", "Three"), ((string)mount["artist"]!, (string)mount["title"]!));
        Assert.Equal((DateTimeOffset)plays[2]!["startedAt"]!, (DateTimeOffset)mount["since"]!);
    }

    [Fact]
    public async Task A_push_is_exact_and_the_poll_of_the_same_track_joins_it_instead_of_making_a_second_play()
    {
        using var client = _app.CreateApiClient();
        var token = (string)(await _app.GetJsonAsync("/api/asteroid/admin/servers/main/hook"))["token"]!;
        var startedAt = DateTimeOffset.UtcNow.AddSeconds(-2);
        using var anonymous = _app.CreateClient();
        using (var push = await anonymous.PostAsJsonAsync($"/api/asteroid/now-playing/main?token={Uri.EscapeDataString(token)}",
            new { mount = PushMount, artist = "Pushed Artist", title = "Pushed Song", album = "The Album", isrc = "GBAYE0000001", label = "Label", durationSeconds = 200, startedAt }))
        {
            push.EnsureSuccessStatusCode();
        }

        await SetMetadataAsync(PushMount, "pushed artist - PUSHED SONG");
        await PassAsync(TimeSpan.FromSeconds(4)); // several polls see the pushed track's metadata
        await SetMetadataAsync(PushMount, "Polled - Next");
        await NowPlayingAsync(PushMount, "Next");

        using (var bad = await anonymous.PostAsJsonAsync("/api/asteroid/now-playing/main?token=wrong", new { mount = PushMount, title = "x" }))
        {
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, bad.StatusCode);
        }

        var today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var plays = (await _app.GetJsonAsync($"/api/asteroid/stats/plays?server=main&mount={PushMount}&from={today}&to={today}"))["plays"]!.AsArray();
        Assert.Equal(["Pushed Song", "Next"], plays.Select(p => (string)p!["title"]!));
        var pushed = plays[0]!;
        Assert.Equal(("push", "GBAYE0000001", "The Album", "Label", 0), ((string)pushed["source"]!, (string)pushed["isrc"]!, (string)pushed["album"]!,
            (string)pushed["label"]!, (int)pushed["startPrecisionSeconds"]!));
        Assert.Equal(startedAt.ToUnixTimeMilliseconds() / 1000.0, ((DateTimeOffset)pushed["startedAt"]!).ToUnixTimeMilliseconds() / 1000.0, 3);
        Assert.Equal(1, await _database.ScalarAsync<long>($"SELECT count(*) FROM plays WHERE mount = '{PushMount}' AND track_key = 'pushed artist - pushed song'"));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _icecast.DisposeAsync();
        await _database.DisposeAsync();
    }

    private async Task SetMetadataAsync(string mount, string song)
    {
        var answer = await _icecast.AdminAsync($"admin/metadata?mount={Uri.EscapeDataString(mount)}&mode=updinfo&song={Uri.EscapeDataString(song)}");
        Assert.Contains("Metadata update successful", answer, StringComparison.Ordinal);
    }

    private Task<JsonNode> NowPlayingAsync(string mount, string title) => Eventually.Get(
        async () => (await _app.GetJsonAsync("/api/asteroid/stats/now-playing"))["mounts"]!.AsArray().FirstOrDefault(m => (string?)m!["mount"] == mount) ?? new JsonObject(),
        m => (string?)m["title"] == title, TimeSpan.FromSeconds(20), $"{mount} shows {title} as now playing")!;

    private static Task<TimeSpan> PassAsync(TimeSpan time)
    {
        var clock = Stopwatch.StartNew();
        return Eventually.Get(() => Task.FromResult(clock.Elapsed), e => e >= time, time + TimeSpan.FromSeconds(5), $"{time.TotalSeconds} s of listening");
    }

    private Task<long> OpenSessionsAsync(int count) => Eventually.Get(
        () => _database.ScalarAsync<long>($"SELECT count(*) FROM open_sessions WHERE mount = '{Mount}'"), n => n == count, TimeSpan.FromSeconds(20),
        $"{count} open sessions written");

    private Task<long> FinishedSessionsAsync(int count) => Eventually.Get(
        () => _database.ScalarAsync<long>($"SELECT count(*) FROM listener_sessions WHERE mount = '{Mount}'"), n => n >= count, TimeSpan.FromSeconds(20),
        $"{count} finished sessions written");
}
