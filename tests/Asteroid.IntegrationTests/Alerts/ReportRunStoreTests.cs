using System.Net;
using System.Net.Http.Json;
using Asteroid.Alerts;
using Asteroid.IntegrationTests.Infrastructure;
using Asteroid.ScheduledReports;

namespace Asteroid.IntegrationTests.Alerts;

/// <summary>The run table's guarantees on a real PostgreSQL, through the service's own store: a
/// scheduled period is created once, a run whose builder died is built again after its lease, and a
/// late second completion queues nothing twice. The scheduler checks once an hour here, so it does
/// not take the runs this test builds by hand.</summary>
public sealed class ReportRunStoreTests : IAsyncLifetime
{
    private static readonly object[] Targets = [new { webhook = "https://hooks.example.org/a" }, new { webhook = "https://hooks.example.org/b" }];
    private readonly TestDatabase _database = TestDatabase.Create();
    private AsteroidApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = new AsteroidApp(_database, new Dictionary<string, string?> { ["ScheduledReports:CheckSeconds"] = "3600", ["Alerts:DeliveryPollSeconds"] = "600" });
        using var client = _app.CreateApiClient();
        using var put = await client.PutAsJsonAsync("/api/asteroid/admin/report-schedules/store", new { name = "Store", period = "weekly", deliveries = Targets });
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_period_is_created_once_rebuilt_after_a_dead_builder_and_queued_once()
    {
        var store = _app.Service<ReportScheduleStore>();
        var schedule = (await store.GetAsync("store"))!;
        var week = ReportPeriods.Containing("weekly", new DateOnly(2026, 11, 23));
        var now = DateTimeOffset.UtcNow;

        var run = await store.TryCreateRunAsync("store", ReportRunTriggers.Scheduled, week, now);
        Assert.NotNull(run);
        Assert.Null(await store.TryCreateRunAsync("store", ReportRunTriggers.Scheduled, week, now)); // the same period: no second run
        Assert.NotNull(await store.TryCreateRunAsync("store", ReportRunTriggers.Manual, week, now)); // "send now" is not limited

        var claimed = await store.ClaimBuildingAsync(10, TimeSpan.FromMinutes(10), now);
        Assert.Equal(2, claimed.Count);
        Assert.Empty(await store.ClaimBuildingAsync(10, TimeSpan.FromMinutes(10), now.AddMinutes(1))); // leased
        // The builder died without completing: once the lease is over another one builds the run.
        var again = await store.ClaimBuildingAsync(10, TimeSpan.FromMinutes(10), now.AddMinutes(11));
        Assert.Contains(again, r => r.Id == run && r.Period == week);

        var report = new BuiltReport("subject", "text", "{}", [new ReportFile("a.csv", "text/csv", "a\r\n"u8.ToArray(), false)]);
        await store.CompleteRunAsync(run!.Value, schedule, report, now);
        await store.CompleteRunAsync(run.Value, schedule, report, now); // the first builder, late: nothing more

        var stored = (await store.RunsAsync("store", 10)).Single(r => r.Id == run);
        Assert.Equal((ReportRunStatus.Queued, "subject"), (stored.Status, stored.Subject));
        Assert.Equal([("a.csv", 3L)], stored.Files.Select(f => (f.Name, f.Bytes)));
        Assert.Equal(2, stored.Deliveries.Count);
        Assert.All(stored.Deliveries, d => Assert.Equal(AlertDeliveryStatus.Pending, d.Status));
        Assert.Equal(2L, await _database.ScalarAsync<long>("SELECT count(*) FROM alert_deliveries WHERE run_id = @run", ("run", run.Value)));
        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM alert_deliveries WHERE event_id IS NOT NULL"));
    }
}
