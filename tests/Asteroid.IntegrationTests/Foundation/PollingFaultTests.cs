using Asteroid.IntegrationTests.Infrastructure;
using Asteroid.Tests.Support;

namespace Asteroid.IntegrationTests.Foundation;

/// <summary>Answers a healthy Icecast never gives (truncated, oversized, no source) must set a clear
/// status, keep the last good numbers, and never stop the grain from polling.</summary>
public sealed class PollingFaultTests : IAsyncLifetime
{
    private const string Server = "replay";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    private readonly TestDatabase _database = TestDatabase.Create();
    private ReplayIcecast _icecast = null!;
    private AsteroidApp _app = null!;

    public async Task InitializeAsync()
    {
        _icecast = await ReplayIcecast.StartAsync();
        _app = new AsteroidApp(_database, new Dictionary<string, string?> { ["Icecast:MaxResponseBytes"] = "8192" });
        await _app.PutServerAsync(Server, _icecast.BaseUrl, "recorded");
        await Eventually.Get(() => _app.CurrentMountAsync(Server, "/live.mp3"), m => (int?)m?["listeners"] == 5, Within,
            "the recorded 5 listeners of /live.mp3");
    }

    [Fact]
    public async Task Malformed_xml_sets_a_status_keeps_the_last_count_and_polling_recovers()
    {
        var good = _icecast.ListClients["/live.mp3"];
        _icecast.ListClients["/live.mp3"] = good[..(good.Length / 2)];

        var broken = await Eventually.Get(() => _app.CurrentMountAsync(Server, "/live.mp3"), m => (string?)m?["status"] == "malformed", Within,
            "status malformed");
        Assert.Equal(5, (int?)broken!["listeners"]);
        Assert.Contains("invalid XML", (string?)broken["statusDetail"], StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0", (string?)broken["statusDetail"], StringComparison.Ordinal);

        var requests = _icecast.ListClientsRequests;
        _icecast.ListClients["/live.mp3"] = File.ReadAllBytes(SharedData.Sample("03-1listener.listclients-live.mp3.xml"));
        var healed = await Eventually.Get(() => _app.CurrentMountAsync(Server, "/live.mp3"), m => (string?)m?["status"] == "ok", Within,
            "polling goes on and recovers");
        Assert.Equal(1, (int?)healed!["listeners"]);
        Assert.True(_icecast.ListClientsRequests > requests);
        Assert.Single(_app.Logs, l => l.Contains("replay/live.mp3: malformed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_oversized_answer_sets_oversized_and_the_mount_keeps_polling()
    {
        _icecast.ListClients["/jazz.ogg"] = File.ReadAllBytes(SharedData.Sample("70-listclients-200-listeners.xml"));

        var mount = await Eventually.Get(() => _app.CurrentMountAsync(Server, "/jazz.ogg"), m => (string?)m?["status"] == "oversized", Within,
            "status oversized");
        Assert.Contains("Icecast:MaxResponseBytes", (string?)mount!["statusDetail"], StringComparison.Ordinal);

        _icecast.ListClients["/jazz.ogg"] = File.ReadAllBytes(SharedData.Sample("04-several.listclients-jazz.ogg.xml"));
        await Eventually.Get(() => _app.CurrentMountAsync(Server, "/jazz.ogg"), m => (string?)m?["status"] == "ok", Within, "back to ok");
    }

    [Fact]
    public async Task A_mount_that_leaves_listmounts_is_offline_but_not_forgotten()
    {
        // The recorded one-source answer lists /live.mp3 only: /jazz.ogg has gone.
        _icecast.ListMounts = File.ReadAllBytes(SharedData.Sample("01-onesource-0listeners.listmounts.xml"));
        const string gone = "/jazz.ogg";

        var mount = await Eventually.Get(() => _app.CurrentMountAsync(Server, gone), m => (string?)m?["status"] == "offline", Within,
            $"{gone} offline");
        Assert.Equal(0, (int?)mount!["listeners"]);
        var server = await _app.GetJsonAsync($"/api/asteroid/admin/servers/{Server}");
        Assert.Contains(gone, server["mounts"]!.AsArray().Select(m => (string?)m));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _icecast.DisposeAsync();
        await _database.DisposeAsync();
    }
}
