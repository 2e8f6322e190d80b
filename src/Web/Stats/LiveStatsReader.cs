using Asteroid.Mounts;
using Asteroid.Servers;

namespace Asteroid.Web.Stats;

/// <summary>Reads the live state of every mount of every server (fan-out over the server grains,
/// which ask their mount grains in parallel). A server that cannot answer within a few seconds
/// (its silo just died and its grains are moving) is reported as unavailable, not as an error.</summary>
public sealed class LiveStatsReader(IGrainFactory grains, Microsoft.Extensions.Options.IOptions<Hls.HlsOptions> hls)
{
    private static readonly TimeSpan PerServer = TimeSpan.FromSeconds(5);

    public async Task<LiveMounts> ReadMountsAsync()
    {
        // If even the list of servers cannot be read (its grain is moving after a silo died), the
        // caller answers 503: nothing partial can be said.
        var serverIds = await grains.GetGrain<IServerDirectoryGrain>(IServerDirectoryGrain.Key).List().WaitAsync(PerServer);
        var results = await Task.WhenAll(serverIds.Select(id => ReadAsync(id, () => grains.GetGrain<IIcecastServerGrain>(id).GetMounts()))
            .Concat(hls.Value.Sources.Select(s => ReadAsync(s.Id, () => grains.GetGrain<Hls.IHlsSourceGrain>(s.Id).GetMounts())))); // live HLS streams: mounts of their source

        return new LiveMounts(
            [.. results.SelectMany(r => r.Mounts ?? []).OrderBy(m => m.Server, StringComparer.Ordinal).ThenBy(m => m.Mount, StringComparer.Ordinal)],
            [.. results.Where(r => r.Mounts is null).Select(r => r.Id)]);
    }

    private static async Task<(string Id, IReadOnlyList<MountLiveState>? Mounts)> ReadAsync(string id, Func<Task<IReadOnlyList<MountLiveState>>> read)
    {
        try
        {
            return (id, await read().WaitAsync(PerServer));
        }
        catch (Exception)
        {
            return (id, null);
        }
    }
}

public sealed record class LiveMounts(IReadOnlyList<MountLiveState> Mounts, IReadOnlyList<string> UnavailableServers);
