using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Asteroid.IntegrationTests.Infrastructure;

namespace Asteroid.IntegrationTests.Faults;

/// <summary>Every node of a three-node cluster is stopped gracefully and replaced, one by one, while
/// listeners stay connected or come and go: no session is lost and none is counted twice. Mid-roll a
/// release's schema change is applied as its migration Job would (the real runner, under its advisory
/// lock, while the nodes write): a new column and index on the session table and a new table. The
/// nodes still running and those started after it (whose build does not know that migration) keep
/// working on the newer schema, and are ready.</summary>
[Collection(FaultsCollection.Name)]
public sealed class RollingRestartTests : IAsyncLifetime
{
    private NodeCluster _cluster = null!;

    private TestDatabase Database => _cluster.Database;

    private IcecastInstance Icecast => _cluster.Icecast;

    private List<NodeProcess> Nodes => _cluster.Nodes;

    public async Task InitializeAsync() => _cluster = await NodeCluster.StartAsync("/live.mp3");

    [Fact]
    public async Task Restarting_every_node_one_by_one_across_a_schema_change_loses_nothing_and_counts_nothing_twice()
    {
        var staying = Enumerable.Range(0, 5).Select(i => Icecast.AddListener("/live.mp3", 190 + i, "VLC/3.0.18 LibVLC/3.0.18")).ToList();
        await _cluster.WaitFor(() => Database.ScalarAsync<long>("SELECT count(*) FROM open_sessions"), n => n == 5, TimeSpan.FromSeconds(30), "5 open sessions");
        var churn = new List<System.Diagnostics.Process>();
        for (var round = 0; round < 3; round++)
        {
            // One more connection per round, seen by a poll before its node stops, ending while it restarts.
            var leaving = Icecast.AddListener("/live.mp3", 200 + round, "Winamp/5.9");
            churn.Add(leaving);
            var expected = 5 + round + 1;
            await _cluster.WaitFor(() => Database.ScalarAsync<long>("SELECT (SELECT count(*) FROM open_sessions) + (SELECT count(*) FROM listener_sessions)"),
                n => n == expected, TimeSpan.FromSeconds(30), $"{expected} sessions seen");
            await Nodes[round].StopAsync();
            IcecastInstance.Stop(leaving);
            if (round == 1)
            {
                Assert.Equal(1, await ApplyNextReleaseMigrationAsync());
            }

            Nodes[round] = await NodeProcess.StartAsync(Database);
        }

        Assert.Equal(1L, await Database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations WHERE version = @v", ("v", NextRelease.Version)));
        foreach (var node in Nodes)
        {
            using var probe = node.Client();
            Assert.True((await probe.GetAsync("/health/ready")).IsSuccessStatusCode, $"a node is ready on the newer schema: {node.RecentOutput()}");
        }

        using var survivor = Nodes[2].Client();
        await _cluster.WaitFor(async () =>
        {
            using var response = await survivor.GetAsync("/api/asteroid/stats/current");
            return response.IsSuccessStatusCode ? (int?)(await response.Content.ReadFromJsonAsync<JsonNode>())!["listeners"] : null;
        }, n => n == 5, TimeSpan.FromSeconds(60), "the 5 listeners who stayed are counted after the last restart");
        staying.ForEach(IcecastInstance.Stop);
        await _cluster.WaitFor(() => Database.ScalarAsync<long>("SELECT count(*) FROM open_sessions"), n => n == 0, TimeSpan.FromSeconds(60), "every session finished");
        await _cluster.WaitFor(() => Database.ScalarAsync<int?>("SELECT sessions FROM daily_stats WHERE scope = 'station:main' AND day = current_date"),
            n => n == 8, TimeSpan.FromSeconds(30), "the day's aggregate holds the 8 sessions");

        var perListener = await Database.ScalarAsync<string>("SELECT string_agg(n::text, ',') FROM (SELECT count(*) n FROM listener_sessions GROUP BY listener_key) x");
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var reconcile = await (await survivor.PostAsync($"/api/asteroid/admin/reconcile?station=main&date={today}", null)).Content.ReadFromJsonAsync<JsonNode>();
        Console.WriteLine($"checked: 3 rolling restarts with migration {NextRelease.Version} applied mid-roll, 8 connections -> sessions per listener [{perListener}], reconcile {reconcile!.ToJsonString()}");
        Assert.Equal(string.Join(',', Enumerable.Repeat("1", 8)), perListener);
        Assert.True((bool)reconcile["matched"]!, reconcile.ToJsonString());
    }

    /// <summary>A stand-in for the next release's migration: additive, as a rolling upgrade needs (the
    /// previous release's nodes keep running on it).</summary>
    private static readonly (int Version, string Name, string Sql) NextRelease = (
        Asteroid.Silo.Database.MigrationRunner.Migrations[^1].Version + 1, "rolling_upgrade_test.sql", """
        ALTER TABLE listener_sessions ADD COLUMN upgrade_note text;
        CREATE INDEX listener_sessions_upgrade_note ON listener_sessions (upgrade_note) WHERE upgrade_note IS NOT NULL;
        CREATE TABLE upgrade_test (id bigint PRIMARY KEY, note text NOT NULL);
        """);

    private async Task<int> ApplyNextReleaseMigrationAsync()
    {
        await using var db = Npgsql.NpgsqlDataSource.Create(Database.ConnectionString);
        var runner = new Asteroid.Silo.Database.MigrationRunner(db, Microsoft.Extensions.Logging.Abstractions.NullLogger<Asteroid.Silo.Database.MigrationRunner>.Instance);
        return await runner.ApplyAsync([.. Asteroid.Silo.Database.MigrationRunner.Migrations, NextRelease], CancellationToken.None);
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();
}
