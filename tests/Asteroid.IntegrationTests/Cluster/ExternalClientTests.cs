using System.Collections.Concurrent;
using System.Xml.Linq;
using Asteroid.Events;
using Asteroid.IntegrationTests.Infrastructure;
using Asteroid.Samples.StatsClient;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Asteroid.IntegrationTests.Cluster;

/// <summary>The sample of samples/StatsClient, as another service would run it: an Orleans client
/// that finds the cluster through PostgreSQL, reads the counts the silo polled and follows the live
/// events the silo publishes on the streams.</summary>
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
        using var host = await StartClientAsync();

        var mounts = await new StatsReader(host.Services.GetRequiredService<IClusterClient>()).CurrentAsync();

        Assert.Equal([("/jazz.ogg", 3), ("/live.mp3", 5)], mounts.OrderBy(m => m.Mount, StringComparer.Ordinal).Select(m => (m.Mount, m.Listeners)));
        await host.StopAsync();
    }

    [Fact]
    public async Task The_sample_client_receives_count_changes_and_session_events_from_the_silo()
    {
        using var host = await StartClientAsync();
        var mountEvents = new ConcurrentQueue<MountEvent>();
        var sessionEvents = new ConcurrentQueue<SessionEvent>();
        var events = new LiveEvents(host.Services.GetRequiredService<IClusterClient>());
        await using (await events.SubscribeAsync(
            e => Enqueue(mountEvents, e),
            e => Enqueue(sessionEvents, e)))
        {
            // Listener 36 leaves /live.mp3: the next poll ends its session and the count goes 5 -> 4.
            var live = XDocument.Parse(System.Text.Encoding.UTF8.GetString(_icecast.ListClients["/live.mp3"]));
            live.Descendants("listener").Single(l => (string?)l.Element("ID") == "36").Remove();
            live.Descendants("Listeners").Single().Value = "4";
            _icecast.ListClients["/live.mp3"] = System.Text.Encoding.UTF8.GetBytes(live.ToString(SaveOptions.DisableFormatting));

            // The mount may first publish its count as it stands (5, no previous count: a poll that
            // re-announces after an activation) before the poll that sees listener 36 gone.
            var count = await Eventually.Get(() => Task.FromResult(mountEvents.OfType<MountCountChanged>().FirstOrDefault(c => c.Mount == "/live.mp3" && c.Listeners != 5)),
                c => c is not null, TimeSpan.FromSeconds(20), "a count change for /live.mp3 on the mount stream");
            Assert.Equal(("replay", 4, 5, "ok"), (count!.Server, count.Listeners, count.PreviousListeners, count.Status));

            var ended = await Eventually.Get(() => Task.FromResult(sessionEvents.FirstOrDefault(e => e.Finished is { Mount: "/live.mp3" })),
                e => e.Finished is not null, TimeSpan.FromSeconds(20), "the end of listener 36's session on the session stream");
            Assert.Equal(("replay", "replay", "poll"), (ended.Finished!.Server, ended.Finished.Station, ended.Finished.Source));
            await Eventually.Get(() => _database.ScalarAsync<long>("SELECT count(*) FROM listener_sessions WHERE session_id = @id", ("id", ended.SessionId)),
                n => n == 1, TimeSpan.FromSeconds(20), "the published session is the one listener_sessions holds");

            // A new listener (ID 99) arrives: its session starts on the session stream.
            var newcomer = new XElement(live.Descendants("listener").First());
            newcomer.Element("ID")!.Value = "99";
            newcomer.Element("Connected")!.Value = "3";
            live.Descendants("source").Single().Add(newcomer);
            live.Descendants("Listeners").Single().Value = "5";
            _icecast.ListClients["/live.mp3"] = System.Text.Encoding.UTF8.GetBytes(live.ToString(SaveOptions.DisableFormatting));

            var started = await Eventually.Get(() => Task.FromResult(sessionEvents.FirstOrDefault(e => e.Started is { ClientId: 99 })),
                e => e.Started is not null, TimeSpan.FromSeconds(20), "the start of listener 99's session on the session stream");
            Assert.Equal(("replay", "/live.mp3"), (started.Server, started.Mount));
        }

        await host.StopAsync();
    }

    private static Task Enqueue<T>(ConcurrentQueue<T> queue, T item)
    {
        queue.Enqueue(item);
        return Task.CompletedTask;
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

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _icecast.DisposeAsync();
        await _database.DisposeAsync();
    }
}
