using System.Net.Http.Json;
using Asteroid.IntegrationTests.Infrastructure;

namespace Asteroid.IntegrationTests.Faults;

/// <summary>What the process-level fault tests share: a real Icecast with sources, three node
/// processes in one cluster on a fresh database, and the Icecast registered as server "main"
/// (polled every second).</summary>
public sealed class NodeCluster : IAsyncDisposable
{
    private NodeCluster(TestDatabase database, IcecastInstance icecast, List<NodeProcess> nodes)
    {
        Database = database;
        Icecast = icecast;
        Nodes = nodes;
    }

    public TestDatabase Database { get; }

    public IcecastInstance Icecast { get; }

    /// <summary>The nodes; a test may replace an entry when it restarts a node.</summary>
    public List<NodeProcess> Nodes { get; }

    /// <summary>Waits like <see cref="Eventually.Get"/>; on timeout the message carries every node's
    /// last log lines, so a failure in CI says what the silos were doing.</summary>
    public async Task<T> WaitFor<T>(Func<Task<T>> read, Func<T, bool> until, TimeSpan within, string what)
    {
        try
        {
            return await Eventually.Get(read, until, within, what);
        }
        catch (TimeoutException ex)
        {
            var logs = Nodes.Select((n, i) => $"--- node {i} ({(n.HasExited ? "exited" : "running")}), last lines:\n{n.RecentOutput()}");
            throw new TimeoutException(ex.Message + "\n" + string.Join('\n', logs), ex);
        }
    }

    public static async Task<NodeCluster> StartAsync(params string[] mounts)
    {
        var database = TestDatabase.Create();
        var icecast = await IcecastInstance.StartAsync();
        foreach (var mount in mounts)
        {
            await icecast.AddSourceAsync(mount);
        }

        var nodes = new List<NodeProcess> { await NodeProcess.StartAsync(database) }; // the first migrates and creates the database
        nodes.AddRange(await Task.WhenAll(NodeProcess.StartAsync(database), NodeProcess.StartAsync(database)));
        using var api = nodes[0].Client();
        (await api.PutAsJsonAsync("/api/asteroid/admin/servers/main", new
        {
            baseUrl = icecast.BaseUrl, adminUser = IcecastInstance.AdminUser, adminPassword = icecast.AdminPassword, pollIntervalSeconds = 1, enabled = true,
        })).EnsureSuccessStatusCode();
        return new NodeCluster(database, icecast, nodes);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }

        await Icecast.DisposeAsync();
        await Database.DisposeAsync();
    }
}
