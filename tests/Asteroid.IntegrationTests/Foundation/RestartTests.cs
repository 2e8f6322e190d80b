using Asteroid.IntegrationTests.Infrastructure;

namespace Asteroid.IntegrationTests.Foundation;

/// <summary>After the silo stops and a new one starts on the same database, the reminders bring the
/// server and mount grains back: polling resumes with no API call and no reconfiguration.</summary>
public sealed class RestartTests : IAsyncLifetime
{
    private const string Mount = "/restart.mp3";
    private readonly TestDatabase _database = TestDatabase.Create();
    private IcecastInstance _icecast = null!;

    public async Task InitializeAsync()
    {
        _icecast = await IcecastInstance.StartAsync();
        await _icecast.AddSourceAsync(Mount);
    }

    [Fact]
    public async Task Polling_resumes_after_a_silo_restart_through_the_reminders_alone()
    {
        await using (var first = new AsteroidApp(_database))
        {
            await first.PutServerAsync("main", _icecast.BaseUrl, _icecast.AdminPassword);
            await Eventually.Get(() => first.CurrentMountAsync("main", Mount), m => (string?)m?["status"] == "ok", TimeSpan.FromSeconds(20),
                "polling before the restart");
        }

        var restartedAt = await _database.ScalarAsync<DateTime>("SELECT now()");
        var listener = _icecast.AddListener(Mount, 30);
        await using var second = new AsteroidApp(_database);
        _ = second.Server; // start the new silo; nothing calls the API from here on

        var count = await Eventually.Get(
            () => _database.ScalarAsync<int?>(
                "SELECT max(listeners) FROM listener_snapshots WHERE mount = @m AND at > @t", ("m", Mount), ("t", restartedAt)),
            n => n == 1, TimeSpan.FromSeconds(40), "snapshots written by the restarted silo with the new listener");

        Assert.Equal(1, count);
        IcecastInstance.Stop(listener);
    }

    public async Task DisposeAsync()
    {
        await _icecast.DisposeAsync();
        await _database.DisposeAsync();
    }
}
