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

    [Fact]
    public async Task The_sample_client_reads_a_daily_report_through_the_contract()
    {
        using var host = await StartClientAsync();
        var reader = new DailyReportReader(host.Services.GetRequiredService<IClusterClient>());
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        // The polled listeners are open sessions: today's live day counts them up to now.
        var report = await Eventually.Get(() => reader.ReadAsync("replay", today, today), r => r?.Total.PeakConcurrent > 0, TimeSpan.FromSeconds(20),
            "today's day has the polled listeners");

        Assert.Equal(("replay", "UTC", today, today, (string?)null), (report!.Header.Station, report.Header.TimeZone, report.Header.From, report.Header.To, report.Header.Server));
        Assert.Equal([today], report.Days.Select(d => d.Date));
        Assert.Equal(report.Days[0].Metrics, report.Total); // a one-day range is its day
        Assert.Null(await reader.ReadAsync("nosuch", today, today));
        await host.StopAsync();
    }

    private async Task<IHost> StartClientAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Asteroid"] = _database.ConnectionString,
            ["Orleans:ClusterId"] = _database.Name,
            ["Orleans:ServiceId"] = _database.Name,
        });
        builder.AddAsteroidClient();
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _icecast.DisposeAsync();
        await _database.DisposeAsync();
    }
}
