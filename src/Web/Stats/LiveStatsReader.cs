using Asteroid.Mounts;
using Asteroid.Servers;

namespace Asteroid.Web.Stats;

/// <summary>Reads the live state of every mount of every server (fan-out over the server grains,
/// which ask their mount grains in parallel). A server that cannot answer within a few seconds
/// (its silo just died and its grains are moving) is reported as unavailable, not as an error.</summary>
public sealed class LiveStatsReader(IGrainFactory grains)
{
    private static readonly TimeSpan PerServer = TimeSpan.FromSeconds(5);

    public async Task<LiveMounts> ReadMountsAsync()
    {
        // If even the list of servers cannot be read (its grain is moving after a silo died), the
        // caller answers 503: nothing partial can be said.
        var serverIds = await grains.GetGrain<IServerDirectoryGrain>(IServerDirectoryGrain.Key).List().WaitAsync(PerServer);
        var results = await Task.WhenAll(serverIds.Select(async id =>
        {
            try
            {
                return (Id: id, Mounts: await grains.GetGrain<IIcecastServerGrain>(id).GetMounts().WaitAsync(PerServer));
            }
            catch (Exception)
            {
                return (Id: id, Mounts: (IReadOnlyList<MountLiveState>?)null);
            }
        }));
        return new LiveMounts(
            [.. results.SelectMany(r => r.Mounts ?? []).OrderBy(m => m.Server, StringComparer.Ordinal).ThenBy(m => m.Mount, StringComparer.Ordinal)],
            [.. results.Where(r => r.Mounts is null).Select(r => r.Id)]);
    }
}

public sealed record class LiveMounts(IReadOnlyList<MountLiveState> Mounts, IReadOnlyList<string> UnavailableServers);
