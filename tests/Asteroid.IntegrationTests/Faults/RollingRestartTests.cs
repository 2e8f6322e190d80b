using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Asteroid.IntegrationTests.Infrastructure;

namespace Asteroid.IntegrationTests.Faults;

/// <summary>Every node of a three-node cluster is stopped gracefully and replaced, one by one, while
/// listeners stay connected or come and go: no session is lost and none is counted twice.</summary>
[Collection(FaultsCollection.Name)]
public sealed class RollingRestartTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Create();
    private readonly List<NodeProcess> _nodes = [];
    private IcecastInstance _icecast = null!;

    public async Task InitializeAsync()
    {
        _icecast = await IcecastInstance.StartAsync();
        await _icecast.AddSourceAsync("/live.mp3");
        _nodes.Add(await NodeProcess.StartAsync(_database));
        _nodes.AddRange(await Task.WhenAll(NodeProcess.StartAsync(_database), NodeProcess.StartAsync(_database)));
    }

    [Fact]
    public async Task Restarting_every_node_one_by_one_loses_nothing_and_counts_nothing_twice()
    {
        using (var api = _nodes[0].Client())
        {
            (await api.PutAsJsonAsync("/api/asteroid/admin/servers/main", new
            {
                baseUrl = _icecast.BaseUrl, adminUser = IcecastInstance.AdminUser, adminPassword = _icecast.AdminPassword, pollIntervalSeconds = 1, enabled = true,
            })).EnsureSuccessStatusCode();
        }

        var staying = Enumerable.Range(0, 5).Select(i => _icecast.AddListener("/live.mp3", 190 + i, "VLC/3.0.18 LibVLC/3.0.18")).ToList();
        await Eventually.Get(() => _database.ScalarAsync<long>("SELECT count(*) FROM open_sessions"), n => n == 5, TimeSpan.FromSeconds(30), "5 open sessions");
        var churn = new List<System.Diagnostics.Process>();
        for (var round = 0; round < 3; round++)
        {
            // One more connection per round, seen by a poll before its node stops, ending while it restarts.
            var leaving = _icecast.AddListener("/live.mp3", 200 + round, "Winamp/5.9");
            churn.Add(leaving);
            var expected = 5 + round + 1;
            await Eventually.Get(() => _database.ScalarAsync<long>("SELECT (SELECT count(*) FROM open_sessions) + (SELECT count(*) FROM listener_sessions)"),
                n => n == expected, TimeSpan.FromSeconds(30), $"{expected} sessions seen");
            await _nodes[round].StopAsync();
            IcecastInstance.Stop(leaving);
            _nodes[round] = await NodeProcess.StartAsync(_database);
        }

        using var survivor = _nodes[2].Client();
        await Eventually.Get(async () =>
        {
            using var response = await survivor.GetAsync("/api/asteroid/stats/current");
            return response.IsSuccessStatusCode ? (int?)(await response.Content.ReadFromJsonAsync<JsonNode>())!["listeners"] : null;
        }, n => n == 5, TimeSpan.FromSeconds(60), "the 5 listeners who stayed are counted after the last restart");
        staying.ForEach(IcecastInstance.Stop);
        await Eventually.Get(() => _database.ScalarAsync<long>("SELECT count(*) FROM open_sessions"), n => n == 0, TimeSpan.FromSeconds(60), "every session finished");
        await Eventually.Get(() => _database.ScalarAsync<int?>("SELECT sessions FROM daily_stats WHERE scope = 'station:main' AND day = current_date"),
            n => n == 8, TimeSpan.FromSeconds(30), "the day's aggregate holds the 8 sessions");

        var perListener = await _database.ScalarAsync<string>("SELECT string_agg(n::text, ',') FROM (SELECT count(*) n FROM listener_sessions GROUP BY listener_key) x");
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var reconcile = await (await survivor.PostAsync($"/api/asteroid/admin/reconcile?station=main&date={today}", null)).Content.ReadFromJsonAsync<JsonNode>();
        Console.WriteLine($"checked: 3 rolling restarts, 8 connections -> sessions per listener [{perListener}], reconcile {reconcile!.ToJsonString()}");
        Assert.Equal(string.Join(',', Enumerable.Repeat("1", 8)), perListener);
        Assert.True((bool)reconcile["matched"]!, reconcile.ToJsonString());
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        await _icecast.DisposeAsync();
        await _database.DisposeAsync();
    }
}
