using System.Diagnostics;
using Asteroid.IntegrationTests.Infrastructure;
using Asteroid.Live;
using Microsoft.AspNetCore.SignalR.Client;

namespace Asteroid.IntegrationTests.Foundation;

/// <summary>Real Icecast, real ffmpeg source, real curl listeners, real PostgreSQL: the live path.</summary>
public sealed class LiveCountsTests(LiveCountsTests.Fixture fixture) : IClassFixture<LiveCountsTests.Fixture>
{
    private const string Server = "icecast";
    private const string Mount = "/live.mp3";
    private static readonly TimeSpan TwoPolls = TimeSpan.FromSeconds(2 * Fixture.PollSeconds + 1);

    [Fact]
    public async Task Current_shows_the_listeners_within_two_polls_and_drops_when_they_leave()
    {
        var listeners = Enumerable.Range(10, 3).Select(host => fixture.Icecast.AddListener(Mount, host)).ToList();
        await Eventually.Get(() => fixture.Icecast.ListenerCountAsync(Mount), n => n >= 3, TimeSpan.FromSeconds(10), "Icecast has the 3 listeners");

        var seen = await Eventually.Get(() => fixture.App.CurrentMountAsync(Server, Mount), m => (int?)m?["listeners"] == 3, TwoPolls,
            "/current shows 3 listeners");
        Assert.Equal("ok", (string?)seen!["status"]);

        listeners.ForEach(IcecastInstance.Stop);
        await Eventually.Get(() => fixture.Icecast.ListenerCountAsync(Mount), n => n == 0, TimeSpan.FromSeconds(10), "Icecast dropped them");
        var current = await Eventually.Get(() => fixture.App.GetJsonAsync("/api/asteroid/stats/current"),
            c => (int?)c["listeners"] == 0, TwoPolls, "/current drops to 0");
        Assert.NotNull(current["at"]);
    }

    [Fact]
    public async Task A_signalr_client_receives_the_count_change()
    {
        var changes = new List<MountCountChange>();
        await using var hub = fixture.App.CreateHubConnection();
        hub.On<MountCountChange>("mountChanged", c =>
        {
            lock (changes)
            {
                changes.Add(c);
            }
        });
        await hub.StartAsync();
        await hub.InvokeAsync("JoinMount", Server, Mount);

        var listener = fixture.Icecast.AddListener(Mount, 20, "Winamp/5.9");
        var stopwatch = Stopwatch.StartNew();
        var received = await Eventually.Get(() => Task.FromResult(Snapshot()), c => c.Any(x => x.Listeners >= 1), TwoPolls + TimeSpan.FromSeconds(5),
            "a mountChanged message with the new listener");
        IcecastInstance.Stop(listener);

        var change = received.First(x => x.Listeners >= 1);
        Assert.Equal((Server, Mount, "ok"), (change.Server, change.Mount, change.Status));

        List<MountCountChange> Snapshot()
        {
            lock (changes)
            {
                return [.. changes];
            }
        }
    }

    [Fact]
    public async Task Polls_are_recorded_as_snapshots_in_batches()
    {
        var rows = await Eventually.Get(
            () => fixture.App.Database.ScalarAsync<long>("SELECT count(*) FROM listener_snapshots WHERE server_id = @s AND mount = @m", ("s", Server), ("m", Mount)),
            n => n >= 2, TimeSpan.FromSeconds(15), "snapshots of the mount are written");

        Assert.True(rows >= 2);
    }

    [Fact]
    public async Task A_wrong_admin_password_shows_unauthorized_with_its_cause()
    {
        await fixture.App.PutServerAsync("wrong-password", fixture.Icecast.BaseUrl, "not-the-password");

        var server = await Eventually.Get(() => fixture.App.GetJsonAsync("/api/asteroid/admin/servers/wrong-password"),
            s => (string?)s["status"] == "unauthorized", TwoPolls + TimeSpan.FromSeconds(3), "discovery reports unauthorized");

        Assert.Contains("adminPassword", (string?)server["statusDetail"], StringComparison.Ordinal);
        Assert.Null(server["adminPassword"]);
    }

    public sealed class Fixture : IAsyncLifetime
    {
        public const int PollSeconds = 1;

        public TestDatabase Database { get; } = TestDatabase.Create();

        public IcecastInstance Icecast { get; private set; } = null!;

        public AsteroidApp App { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Icecast = await IcecastInstance.StartAsync();
            await Icecast.AddSourceAsync(Mount);
            App = new AsteroidApp(Database);
            await App.PutServerAsync(Server, Icecast.BaseUrl, Icecast.AdminPassword, PollSeconds);
            await Eventually.Get(() => App.CurrentMountAsync(Server, Mount), m => (string?)m?["status"] == "ok", TimeSpan.FromSeconds(20),
                "the mount is discovered and polled");
        }

        public async Task DisposeAsync()
        {
            await App.DisposeAsync();
            await Icecast.DisposeAsync();
            await Database.DisposeAsync();
        }
    }
}
