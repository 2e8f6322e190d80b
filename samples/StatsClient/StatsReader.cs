using Asteroid.Mounts;
using Asteroid.Servers;

namespace Asteroid.Samples.StatsClient;

/// <summary>What another service reads from the cluster through Grains.Interfaces: every server,
/// and the live state of each of its mounts.</summary>
public sealed class StatsReader(IClusterClient client)
{
    public async Task<IReadOnlyList<MountLiveState>> CurrentAsync()
    {
        var servers = await client.GetGrain<IServerDirectoryGrain>(IServerDirectoryGrain.Key).List();
        var mounts = await Task.WhenAll(servers.Select(id => client.GetGrain<IIcecastServerGrain>(id).GetMounts()));
        return [.. mounts.SelectMany(m => m)];
    }
}
