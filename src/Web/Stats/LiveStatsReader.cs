using Asteroid.Mounts;
using Asteroid.Servers;

namespace Asteroid.Web.Stats;

/// <summary>Reads the live state of every mount of every server (fan-out over the server grains,
/// which ask their mount grains in parallel).</summary>
public sealed class LiveStatsReader(IGrainFactory grains)
{
    public async Task<IReadOnlyList<MountLiveState>> ReadMountsAsync()
    {
        var serverIds = await grains.GetGrain<IServerDirectoryGrain>(IServerDirectoryGrain.Key).List();
        var perServer = await Task.WhenAll(serverIds.Select(id => grains.GetGrain<IIcecastServerGrain>(id).GetMounts()));
        return [.. perServer.SelectMany(m => m).OrderBy(m => m.Server, StringComparer.Ordinal).ThenBy(m => m.Mount, StringComparer.Ordinal)];
    }
}
