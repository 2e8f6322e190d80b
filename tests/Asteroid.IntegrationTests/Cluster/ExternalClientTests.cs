using Asteroid.IntegrationTests.Infrastructure;
using Asteroid.Samples.StatsClient;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Asteroid.IntegrationTests.Cluster;

/// <summary>The sample of samples/StatsClient, as another service would run it: an Orleans client
/// that finds the cluster through PostgreSQL and reads the counts the silo polled.</summary>
public sealed class ExternalClientTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Create();
    private ReplayIcecast _icecast = null!;
    private AsteroidApp _app = null!;

    public async Task InitializeAsync()
    {
        _icecast = await ReplayIcecast.StartAsync();
        _app = new AsteroidApp(_database);
        await _app.PutServerAsync("replay", _icecast.BaseUrl, "recorded");
        await Eventually.Get(() => _app.CurrentMountAsync("replay", "/live.mp3"), m => (int?)m?["listeners"] == 5, TimeSpan.FromSeconds(20), "polled");
    }

    [Fact]
    public async Task The_sample_client_reads_the_live_counts_over_ado_net_clustering()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Asteroid"] = _database.ConnectionString,
            ["Orleans:ClusterId"] = _database.Name,
            ["Orleans:ServiceId"] = _database.Name,
        });
        builder.AddAsteroidClient();
        using var host = builder.Build();
        await host.StartAsync();

        var mounts = await new StatsReader(host.Services.GetRequiredService<IClusterClient>()).CurrentAsync();

        Assert.Equal([("/jazz.ogg", 3), ("/live.mp3", 5)], mounts.OrderBy(m => m.Mount, StringComparer.Ordinal).Select(m => (m.Mount, m.Listeners)));
        await host.StopAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _icecast.DisposeAsync();
        await _database.DisposeAsync();
    }
}
