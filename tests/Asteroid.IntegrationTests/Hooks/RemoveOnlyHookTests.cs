using System.Diagnostics;
using Asteroid.IntegrationTests.Infrastructure;

namespace Asteroid.IntegrationTests.Hooks;

/// <summary>A real Icecast with a remove-only hooked mount calls the app on a real loopback port:
/// the session ends with Icecast's exact duration, once, even though polling sees it too.</summary>
public sealed class RemoveOnlyHookTests : IAsyncLifetime
{
    private const string Mount = "/removeonly.mp3";
    private readonly TestDatabase _database = TestDatabase.Create();
    private AsteroidApp _app = null!;
    private IcecastInstance _icecast = null!;

    public async Task InitializeAsync()
    {
        _app = new AsteroidApp(_database);
        var appUrl = _app.StartOnLoopback();
        var icecastPort = FreePort.Next();
        await _app.PutServerAsync("main", new Uri($"http://127.0.0.1:{icecastPort}"), "set-below", pollIntervalSeconds: 1);
        var hook = await _app.GetJsonAsync("/api/asteroid/admin/servers/main/hook");
        var block = ((string)hook["removeOnlyXml"]!).Replace("http://localhost", appUrl.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal);
        _icecast = await IcecastInstance.StartAsync($"<mount type=\"normal\"><mount-name>{Mount}</mount-name>{block}</mount>", icecastPort);
        await _app.PutServerAsync("main", _icecast.BaseUrl, _icecast.AdminPassword, pollIntervalSeconds: 1);
        await _icecast.AddSourceAsync(Mount);
    }

    [Fact]
    public async Task A_listener_on_a_remove_only_mount_ends_with_the_exact_duration_and_is_counted_once()
    {
        var stopwatch = Stopwatch.StartNew();
        var listener = _icecast.AddListener(Mount, 71, "Winamp/5.9");
        await Eventually.Get(() => _database.ScalarAsync<long>("SELECT count(*) FROM open_sessions"), n => n == 1, TimeSpan.FromSeconds(20),
            "polling opened the session");
        await Eventually.Get(() => Task.FromResult(stopwatch.Elapsed), e => e > TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), "5 s of listening");

        IcecastInstance.Stop(listener);
        var listened = stopwatch.Elapsed.TotalSeconds;
        await Eventually.Get(() => _database.ScalarAsync<long>("SELECT count(*) FROM listener_sessions"), n => n >= 1, TimeSpan.FromSeconds(20),
            "the session is finished");

        Assert.Equal("hook", await _database.ScalarAsync<string>("SELECT source FROM listener_sessions"));
        Assert.Equal(1, await _database.ScalarAsync<int>("SELECT end_precision_seconds FROM listener_sessions"));
        var duration = await _database.ScalarAsync<int>("SELECT duration_seconds FROM listener_sessions");
        Assert.InRange(duration, listened - 2, listened + 1);
        Assert.Equal(0, await _database.ScalarAsync<long>("SELECT count(*) FROM open_sessions"));

        // Polls that follow (three more snapshots) must not reopen or duplicate it.
        var snapshots = await _database.ScalarAsync<long>("SELECT count(*) FROM listener_snapshots");
        await Eventually.Get(() => _database.ScalarAsync<long>("SELECT count(*) FROM listener_snapshots"), n => n >= snapshots + 3,
            TimeSpan.FromSeconds(15), "three more polls");
        Assert.Equal(1, await _database.ScalarAsync<long>("SELECT count(*) FROM listener_sessions"));
        Assert.Equal(0, await _database.ScalarAsync<long>("SELECT count(*) FROM open_sessions"));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _icecast.DisposeAsync();
        await _database.DisposeAsync();
    }
}
