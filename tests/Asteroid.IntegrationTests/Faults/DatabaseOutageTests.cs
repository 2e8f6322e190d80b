using System.Diagnostics;
using Asteroid.IntegrationTests.Infrastructure;
using Asteroid.Sessions;

namespace Asteroid.IntegrationTests.Faults;

/// <summary>PostgreSQL stops for 30 s while listeners come and go: polling and live counts go on,
/// session writes wait in the bounded buffer, and when the database is back every connection is
/// written exactly once and nothing was dropped.</summary>
[Collection(FaultsCollection.Name)]
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private DedicatedPostgres _postgres = null!;
    private TestDatabase _database = null!;
    private IcecastInstance _icecast = null!;
    private AsteroidApp _app = null!;

    public async Task InitializeAsync()
    {
        _postgres = await DedicatedPostgres.StartAsync();
        _database = TestDatabase.Create(_postgres.Server);
        _icecast = await IcecastInstance.StartAsync();
        await _icecast.AddSourceAsync("/live.mp3");
        _app = new AsteroidApp(_database);
        await _app.PutServerAsync("main", _icecast.BaseUrl, _icecast.AdminPassword);
    }

    [Fact]
    public async Task Nothing_is_lost_while_postgresql_is_down_for_30_seconds()
    {
        var first = Enumerable.Range(0, 8).Select(i => _icecast.AddListener("/live.mp3", 170 + i, "Winamp/5.9")).ToList();
        await Eventually.Get(() => _database.ScalarAsync<long>("SELECT count(*) FROM open_sessions"), n => n == 8, TimeSpan.FromSeconds(30), "8 open sessions");
        var writer = _app.Service<SessionWriter>();

        await _postgres.StopAsync();
        var outage = Stopwatch.StartNew();
        first.Take(4).ToList().ForEach(IcecastInstance.Stop);
        var second = Enumerable.Range(0, 4).Select(i => _icecast.AddListener("/live.mp3", 180 + i, "VLC/3.0.18 LibVLC/3.0.18")).ToList();
        await Eventually.Get(() => _app.CurrentMountAsync("main", "/live.mp3"), m => (int?)m?["listeners"] == 8, TimeSpan.FromSeconds(20),
            "live counts follow the listeners while the database is down");
        var queued = await Eventually.Get(() => Task.FromResult(writer.Pending), p => p >= 8, TimeSpan.FromSeconds(20), "4 ends and 4 starts wait in the buffer");
        await Eventually.Get(() => Task.FromResult(outage.Elapsed), e => e >= TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(40), "a 30 s outage");

        await _postgres.StartAgainAsync();
        first.Skip(4).Concat(second).ToList().ForEach(IcecastInstance.Stop);
        await Eventually.Get(() => _database.ScalarAsync<long>("SELECT count(*) FROM listener_sessions"), n => n == 12, TimeSpan.FromSeconds(60),
            "all 12 connections written after the database came back");
        await Eventually.Get(() => _database.ScalarAsync<long>("SELECT count(*) FROM open_sessions"), n => n == 0, TimeSpan.FromSeconds(30), "nothing left open");

        var perListener = await _database.ScalarAsync<string>("SELECT string_agg(n::text, ',') FROM (SELECT count(*) n FROM listener_sessions GROUP BY listener_key) x");
        Console.WriteLine($"checked: {queued} writes queued during the outage, 12 connections -> {perListener.Split(',').Length} listeners with one session each, {writer.Dropped} dropped, {writer.Pending} pending");
        Assert.Equal(string.Join(',', Enumerable.Repeat("1", 12)), perListener);
        Assert.Equal((0L, 0), (writer.Dropped, writer.Pending));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _icecast.DisposeAsync();
        await _postgres.DisposeAsync(); // the whole server goes, with the test's database
    }
}
