using System.Diagnostics;
using Asteroid.IntegrationTests.Infrastructure;

namespace Asteroid.IntegrationTests.Sessions;

/// <summary>Sessions from polling a real Icecast with real curl listeners.</summary>
public sealed class PolledSessionsTests : IAsyncLifetime
{
    private const string Mount = "/sessions.mp3";
    private readonly TestDatabase _database = TestDatabase.Create();
    private IcecastInstance _icecast = null!;

    public async Task InitializeAsync()
    {
        _icecast = await IcecastInstance.StartAsync();
        await _icecast.AddSourceAsync(Mount);
    }

    [Fact]
    public async Task Listeners_who_come_and_go_become_finished_sessions_exactly_once()
    {
        await using var app = await StartAppAsync();
        var stopwatch = Stopwatch.StartNew();
        var winamp = _icecast.AddListener(Mount, 41, "Winamp/5.9");
        var vlc = _icecast.AddListener(Mount, 42, "VLC/3.0.18 LibVLC/3.0.18");
        await OpenSessionsAsync(2);
        await Eventually.Get(() => Task.FromResult(stopwatch.Elapsed), e => e > TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(10), "4 s of listening");

        IcecastInstance.Stop(winamp);
        IcecastInstance.Stop(vlc);
        var listened = stopwatch.Elapsed.TotalSeconds;
        await FinishedSessionsAsync(2);

        Assert.Equal(0, await _database.ScalarAsync<long>("SELECT count(*) FROM open_sessions"));
        Assert.Equal(2, await _database.ScalarAsync<long>("SELECT count(DISTINCT listener_key) FROM listener_sessions"));
        Assert.Equal(["VLC", "Winamp"], await _database.ScalarAsync<string[]>("SELECT array_agg(player ORDER BY player) FROM listener_sessions"));
        Assert.Equal("poll", await _database.ScalarAsync<string>("SELECT string_agg(DISTINCT source, ',') FROM listener_sessions"));
        Assert.Null(await _database.ScalarAsync<string?>("SELECT max(country_code) FROM listener_sessions")); // 127.x: location unknown
        var worstError = await _database.ScalarAsync<double>(
            "SELECT max(abs(duration_seconds - @listened) - end_precision_seconds) FROM listener_sessions", ("listened", listened));
        Assert.True(worstError <= 2.5, $"durations should match the {listened:0.0} s listened within their precision (+2.5 s), worst excess {worstError:0.0} s");
    }

    [Fact]
    public async Task A_silo_restart_while_listeners_stay_connected_loses_no_start_and_adds_no_duplicate()
    {
        var listener = _icecast.AddListener(Mount, 51, "Winamp/5.9");
        Guid id;
        DateTime started;
        await using (var first = await StartAppAsync())
        {
            await OpenSessionsAsync(1);
            id = await _database.ScalarAsync<Guid>("SELECT session_id FROM open_sessions");
            started = await _database.ScalarAsync<DateTime>("SELECT started_at FROM open_sessions");
        }

        await using var second = await StartAppAsync();
        await Eventually.Get(() => second.CurrentMountAsync("main", Mount), m => (int?)m?["listeners"] == 1, TimeSpan.FromSeconds(20),
            "the new silo polls the listener");
        IcecastInstance.Stop(listener);
        await FinishedSessionsAsync(1);

        Assert.Equal(id, await _database.ScalarAsync<Guid>("SELECT session_id FROM listener_sessions"));
        Assert.Equal(started, await _database.ScalarAsync<DateTime>("SELECT started_at FROM listener_sessions"));
        Assert.Equal(0, await _database.ScalarAsync<long>("SELECT count(*) FROM open_sessions"));
    }

    /// <summary>Icecast 2.4 lists no referrer: a session a poll opened gets the referrer a later
    /// listener_add hook forwards for the same client, in its open row, so a silo restart keeps it and
    /// the finished session carries it.</summary>
    [Fact]
    public async Task A_hooks_referrer_for_a_session_a_poll_opened_survives_a_silo_restart()
    {
        var listener = _icecast.AddListener(Mount, 52, "VLC/3.0.18 LibVLC/3.0.18");
        await using (var first = await StartAppAsync())
        {
            await OpenSessionsAsync(1);
            var client = await _database.ScalarAsync<long>("SELECT client_id FROM open_sessions");
            Assert.Null(await _database.ScalarAsync<string?>("SELECT referrer_host FROM open_sessions"));
            var token = (string)(await first.GetJsonAsync("/api/asteroid/admin/servers/main/hook"))["token"]!;
            using var http = first.CreateClient();
            var body = $"action=listener_add&server=127.0.0.1&port=8000&client={client}&mount={Uri.EscapeDataString(Mount)}&user=&pass=&ip=127.0.0.52"
                + $"&agent={Uri.EscapeDataString("VLC/3.0.18 LibVLC/3.0.18")}&hdr_referer={Uri.EscapeDataString("https://www.player.example/listen?x=1")}";
            using var hook = await http.PostAsync($"/api/asteroid/icecast/hooks/main?token={token}",
                new StringContent(body, System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));
            Assert.True(hook.IsSuccessStatusCode, $"hook answered {(int)hook.StatusCode}");
            await Eventually.Get(() => _database.ScalarAsync<string?>("SELECT referrer_host FROM open_sessions"), h => h == "player.example",
                TimeSpan.FromSeconds(10), "the open row gets the hook's referrer");
            Assert.Equal("media-player", await _database.ScalarAsync<string>("SELECT player_kind FROM open_sessions"));
            Assert.Equal(1, await _database.ScalarAsync<long>("SELECT count(*) FROM open_sessions"));
        }

        await using var second = await StartAppAsync();
        await Eventually.Get(() => second.CurrentMountAsync("main", Mount), m => (int?)m?["listeners"] == 1, TimeSpan.FromSeconds(20),
            "the new silo polls the listener");
        IcecastInstance.Stop(listener);
        await FinishedSessionsAsync(1);

        Assert.Equal("player.example", await _database.ScalarAsync<string?>("SELECT referrer_host FROM listener_sessions"));
        Assert.Equal(1, await _database.ScalarAsync<long>("SELECT count(*) FROM listener_sessions"));
    }

    [Fact]
    public async Task An_icecast_restart_closes_its_sessions_and_reconnecting_listeners_open_new_ones()
    {
        await using var app = await StartAppAsync();
        var before = _icecast.AddListener(Mount, 61, "Winamp/5.9");
        await OpenSessionsAsync(1);

        await _icecast.RestartAsync(); // curl and ffmpeg lose their connections
        await _icecast.AddSourceAsync(Mount);
        var after = _icecast.AddListener(Mount, 62, "VLC/3.0.18 LibVLC/3.0.18");

        await Eventually.Get(() => _database.ScalarAsync<long>("SELECT count(*) FROM listener_sessions WHERE player = 'Winamp'"), n => n == 1,
            TimeSpan.FromSeconds(20), "the connection of the old Icecast process is closed");
        await Eventually.Get(() => _database.ScalarAsync<long>("SELECT count(*) FROM open_sessions WHERE player = 'VLC'"), n => n == 1,
            TimeSpan.FromSeconds(20), "the new connection is an open session");
        Assert.Equal(0, await _database.ScalarAsync<long>("SELECT count(*) FROM open_sessions WHERE player = 'Winamp'"));
        Assert.True(await _database.ScalarAsync<bool>(
            "SELECT (SELECT max(server_start) FROM open_sessions WHERE player = 'VLC') > (SELECT max(started_at) FROM listener_sessions WHERE player = 'Winamp')"),
            "the new session is keyed by the new process start");
        Console.WriteLine("checked: Icecast killed and restarted -> the old connection closed once (1 Winamp session), the new one open under the new process start (1 VLC), none duplicated");
        IcecastInstance.Stop(before);
        IcecastInstance.Stop(after);
    }

    public async Task DisposeAsync()
    {
        await _icecast.DisposeAsync();
        await _database.DisposeAsync();
    }

    private async Task<AsteroidApp> StartAppAsync()
    {
        var app = new AsteroidApp(_database);
        await app.PutServerAsync("main", _icecast.BaseUrl, _icecast.AdminPassword);
        return app;
    }

    private Task<long> OpenSessionsAsync(int count) => Eventually.Get(
        () => _database.ScalarAsync<long>("SELECT count(*) FROM open_sessions"), n => n == count, TimeSpan.FromSeconds(20),
        $"{count} open sessions written");

    private Task<long> FinishedSessionsAsync(int count) => Eventually.Get(
        () => _database.ScalarAsync<long>("SELECT count(*) FROM listener_sessions"), n => n >= count, TimeSpan.FromSeconds(20),
        $"{count} finished sessions written");
}
