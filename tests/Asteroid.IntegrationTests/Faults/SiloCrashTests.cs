using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Asteroid.IntegrationTests.Infrastructure;

namespace Asteroid.IntegrationTests.Faults;

/// <summary>Three node processes, a real Icecast and listeners coming and going; one node is
/// killed with SIGKILL mid-stream. Afterwards every connection is one finished session, the day's
/// aggregate equals the recomputation from raw sessions, and live counts are right again.</summary>
[Collection(FaultsCollection.Name)]
public sealed class SiloCrashTests : IAsyncLifetime
{
    private NodeCluster _cluster = null!;

    private TestDatabase Database => _cluster.Database;

    private IcecastInstance Icecast => _cluster.Icecast;

    private List<NodeProcess> Nodes => _cluster.Nodes;

    public async Task InitializeAsync() => _cluster = await NodeCluster.StartAsync("/live.mp3", "/jazz.ogg");

    [Fact]
    public async Task A_killed_silo_loses_no_session_counts_none_twice_and_live_counts_recover()
    {
        // Churn: 16 connections with distinct addresses, some ending before the crash, some after.
        var listeners = new List<Process>();
        for (var i = 0; i < 16; i++)
        {
            listeners.Add(Icecast.AddListener(i % 2 == 0 ? "/live.mp3" : "/jazz.ogg", 150 + i, "VLC/3.0.18 LibVLC/3.0.18"));
        }

        await _cluster.WaitFor(() => Database.ScalarAsync<long>("SELECT count(*) FROM open_sessions"), n => n == 16, TimeSpan.FromSeconds(30), "16 open sessions");
        listeners.Take(4).ToList().ForEach(IcecastInstance.Stop);
        await _cluster.WaitFor(() => Database.ScalarAsync<long>("SELECT count(*) FROM listener_sessions"), n => n == 4, TimeSpan.FromSeconds(30), "4 finished before the crash");

        Nodes[1].Kill();
        listeners.Skip(4).Take(6).ToList().ForEach(IcecastInstance.Stop); // these end while a silo is down
        var crashedAt = Stopwatch.StartNew();

        var current = await _cluster.WaitFor(CurrentFromAnySurvivorAsync,
            c => c is not null && (int?)c["listeners"] == 6 && c["unavailableServers"]!.AsArray().Count == 0 && c["mounts"]!.AsArray().All(m => (string?)m!["status"] == "ok"),
            TimeSpan.FromSeconds(90), "live counts right again (6 still connected)");
        Console.WriteLine($"live counts right {crashedAt.Elapsed.TotalSeconds:0.0} s after the crash");

        listeners.Skip(10).ToList().ForEach(IcecastInstance.Stop);
        await _cluster.WaitFor(() => Database.ScalarAsync<long>("SELECT count(*) FROM open_sessions"), n => n == 0, TimeSpan.FromSeconds(60), "every session finished");

        var perListener = await Database.ScalarAsync<string>("SELECT string_agg(n::text, ',') FROM (SELECT count(*) n FROM listener_sessions GROUP BY listener_key) x");
        Assert.Equal(string.Join(',', Enumerable.Repeat("1", 16)), perListener);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await _cluster.WaitFor(() => Database.ScalarAsync<int?>("SELECT sessions FROM daily_stats WHERE scope = 'station:main' AND day = current_date"),
            n => n == 16, TimeSpan.FromSeconds(30), "the day's aggregate holds the 16 sessions (written on a debounce)");
        using var survivor = Nodes.First(n => !n.HasExited).Client();
        var reconcile = await (await survivor.PostAsync($"/api/asteroid/admin/reconcile?station=main&date={today}", null)).Content.ReadFromJsonAsync<JsonNode>();
        Console.WriteLine($"checked: 16 connections, {perListener.Split(',').Length} listener keys with one session each; reconcile {reconcile!.ToJsonString()}; current {current!["listeners"]}");
        Assert.True((bool)reconcile["matched"]!, reconcile.ToJsonString());
    }

    /// <summary>/stats/current from the first surviving node that answers, or null while the
    /// cluster answers 503 (recovering).</summary>
    private async Task<JsonNode?> CurrentFromAnySurvivorAsync()
    {
        foreach (var node in Nodes.Where(n => !n.HasExited))
        {
            try
            {
                using var client = node.Client();
                using var response = await client.GetAsync("/api/asteroid/stats/current");
                if (response.IsSuccessStatusCode)
                {
                    return await response.Content.ReadFromJsonAsync<JsonNode>();
                }
            }
            catch (HttpRequestException)
            {
                // that node is gone too; ask the next
            }
        }

        return null;
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();
}
