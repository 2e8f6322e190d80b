using Asteroid.Servers;

namespace Asteroid.Stations;

/// <summary>Which station a mount belongs to, cached per silo and refreshed every few seconds (a
/// session end must not call a grain to learn it). A mount in no station belongs to the implicit
/// station named after its server, in UTC.</summary>
public sealed class StationResolver(IGrainFactory grains, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(3);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private Snapshot _snapshot = new(-1, [], [], DateTimeOffset.MinValue);

    public async ValueTask<StationDefinition> ResolveAsync(string server, string mount)
    {
        var snapshot = await CurrentAsync();
        return snapshot.ByMount.TryGetValue((server, mount), out var station)
            ? station
            : new StationDefinition(server, server, StationDefinition.DefaultTimeZone, [], Implicit: true);
    }

    /// <summary>An explicit station, or the implicit one of an existing server; null if neither.</summary>
    public async ValueTask<StationDefinition?> FindAsync(string id)
    {
        var snapshot = await CurrentAsync();
        if (snapshot.ById.TryGetValue(id, out var station))
        {
            return station;
        }

        return await grains.GetGrain<IIcecastServerGrain>(id).Get() is null
            ? null
            : new StationDefinition(id, id, StationDefinition.DefaultTimeZone, [], Implicit: true);
    }

    /// <summary>The time zone an aggregate scope counts its days in: the station's, or for a mount the
    /// zone of the station it belongs to.</summary>
    public async ValueTask<TimeZoneInfo> ZoneOfAsync(Analytics.Scope scope)
    {
        StationDefinition? station;
        if (scope.Kind == Analytics.Scope.StationKind)
        {
            station = await FindAsync(scope.Id);
        }
        else
        {
            var (server, mount) = Mounts.MountKey.Parse(scope.Id);
            station = await ResolveAsync(server, mount);
        }

        return TimeZoneInfo.FindSystemTimeZoneById(station?.TimeZone ?? StationDefinition.DefaultTimeZone);
    }

    /// <summary>Forgets the cache: the next call reloads (after an edit on this node).</summary>
    public void Invalidate() => _snapshot = _snapshot with { LoadedAt = DateTimeOffset.MinValue };

    private async ValueTask<Snapshot> CurrentAsync()
    {
        var snapshot = _snapshot;
        if (time.GetUtcNow() - snapshot.LoadedAt < Refresh)
        {
            return snapshot;
        }

        await _loading.WaitAsync();
        try
        {
            if (time.GetUtcNow() - _snapshot.LoadedAt >= Refresh)
            {
                try
                {
                    var list = await grains.GetGrain<IStationDirectoryGrain>(IStationDirectoryGrain.Key).List().WaitAsync(LoadTimeout);
                    _snapshot = new Snapshot(list.Version,
                        list.Stations.SelectMany(s => s.Mounts.Select(m => (m, s))).ToDictionary(x => (x.m.Server, x.m.Mount), x => x.s),
                        list.Stations.ToDictionary(s => s.Id, StringComparer.Ordinal),
                        time.GetUtcNow());
                }
                catch (Exception) when (_snapshot.Version >= 0)
                {
                    // The directory is unreachable for a moment (its silo just died): the stations
                    // known a few seconds ago are the best answer; try again on the next call.
                }
            }

            return _snapshot;
        }
        finally
        {
            _loading.Release();
        }
    }

    public void Dispose() => _loading.Dispose();

    private sealed record class Snapshot(
        long Version, Dictionary<(string, string), StationDefinition> ByMount, Dictionary<string, StationDefinition> ById, DateTimeOffset LoadedAt);
}
