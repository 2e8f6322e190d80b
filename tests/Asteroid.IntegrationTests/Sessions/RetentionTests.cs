using Asteroid.Analytics;
using Asteroid.IntegrationTests.Infrastructure;
using Asteroid.Retention;

namespace Asteroid.IntegrationTests.Sessions;

public sealed class RetentionTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Create();
    private AsteroidApp _app = null!;

    public Task InitializeAsync()
    {
        _app = new AsteroidApp(_database, new Dictionary<string, string?> { ["Retention:RawDays"] = "30", ["Retention:BatchSize"] = "100" });
        _ = _app.Server;
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Raw_rows_older_than_the_retention_are_deleted_in_batches_and_newer_ones_kept()
    {
        await _database.ScalarAsync<int>("""
            INSERT INTO listener_sessions (session_id, server_id, mount, started_at, ended_at, duration_seconds, listener_key,
                player, os, device, is_bot, source)
            SELECT gen_random_uuid(), 'main', '/live.mp3', t - interval '1 hour', t, 3600, 'k' || i, 'VLC', 'Other', 'desktop', false, 'import'
            FROM generate_series(1, 500) i, LATERAL (SELECT now() - make_interval(days => CASE WHEN i <= 350 THEN 31 ELSE 29 END) AS t) x;
            INSERT INTO listener_snapshots (at, server_id, mount, listeners)
            SELECT now() - make_interval(days => CASE WHEN i <= 250 THEN 40 ELSE 1 END), 'main', '/live.mp3', i FROM generate_series(1, 300) i;
            SELECT 1;
            """);

        var deleted = await _app.Service<RetentionJob>().RunOnceAsync(CancellationToken.None);

        Assert.Equal(350, deleted!["listener_sessions"]);
        Assert.Equal(250, deleted["listener_snapshots"]);
        Assert.Equal(150, await _database.ScalarAsync<long>("SELECT count(*) FROM listener_sessions"));
        Assert.Equal(0, await _database.ScalarAsync<long>("SELECT count(*) FROM listener_sessions WHERE ended_at < now() - interval '30 days'"));
        Assert.Equal(50, await _database.ScalarAsync<long>("SELECT count(*) FROM listener_snapshots"));
    }

    [Fact]
    public async Task A_day_whose_raw_sessions_retention_removed_keeps_its_aggregate_when_reconciled()
    {
        // An old log imported: ten sessions 40 days ago, aggregated, then pruned by retention.
        var date = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-40));
        await _database.ScalarAsync<int>($"""
            INSERT INTO listener_sessions (session_id, server_id, station_id, mount, started_at, ended_at, duration_seconds, listener_key,
                player, os, device, is_bot, source)
            SELECT gen_random_uuid(), 'main', 'main', '/live.mp3', t, t + interval '10 minutes', 600, 'k' || i, 'VLC', 'Other', 'desktop', false, 'import'
            FROM generate_series(1, 10) i, LATERAL (SELECT timestamptz '{date:yyyy-MM-dd} 12:00:00+00' + make_interval(mins => i) AS t) x;
            SELECT 1;
            """);
        var scope = Scope.Station("main");
        await _app.Service<IGrainFactory>().GetGrain<IDailyStatsGrain>(scope.GrainKey(date)).Rebuild();
        Assert.Equal(10, await StoredSessionsAsync(date));
        await _app.Service<RetentionJob>().RunOnceAsync(CancellationToken.None);
        Assert.Equal(0, await _database.ScalarAsync<long>("SELECT count(*) FROM listener_sessions"));

        var result = await _app.Service<Reconciler>().ReconcileAsync(scope, date, CancellationToken.None);

        Assert.NotNull(result.NotCompared);
        Assert.Equal(10, await StoredSessionsAsync(date));
    }

    private Task<int> StoredSessionsAsync(DateOnly date) =>
        _database.ScalarAsync<int>("SELECT sessions FROM daily_stats WHERE scope = 'station:main' AND day = @day", ("day", date));

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }
}
