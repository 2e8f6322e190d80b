using System.Collections.Concurrent;
using Asteroid.Analytics;
using Asteroid.Groups;
using Asteroid.Servers;
using Microsoft.Extensions.Options;

namespace Asteroid.Stations;

/// <summary>Which station a mount belongs to, and the groups of stations, cached per silo and
/// refreshed every few seconds (a session end must not call a grain to learn it). A mount in no
/// station belongs to the implicit station named after its server, in UTC. It also knows every
/// aggregate scope's time zone and members (<see cref="ScopeMembers"/>).</summary>
public sealed class StationResolver(IGrainFactory grains, TimeProvider time, IOptions<NetworkOptions> network) : IDisposable
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(3);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly ConcurrentDictionary<string, (string? Zone, bool Exists, DateTimeOffset At)> _servers = new(StringComparer.Ordinal);
    private Snapshot _snapshot = new(-1, -1, [], [], [], DateTimeOffset.MinValue);

    public string NetworkTimeZone => network.Value.TimeZone;

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

        return (await ServerAsync(id)).Exists
            ? new StationDefinition(id, id, StationDefinition.DefaultTimeZone, [], Implicit: true)
            : null;
    }

    public async ValueTask<GroupDefinition?> FindGroupAsync(string id) =>
        (await CurrentAsync()).Groups.GetValueOrDefault(id);

    /// <summary>The groups a station is in.</summary>
    public async ValueTask<IReadOnlyList<GroupDefinition>> GroupsOfAsync(string station) =>
        [.. (await CurrentAsync()).Groups.Values.Where(g => g.Stations.Contains(station))];

    /// <summary>A server's own report zone (its settings' <c>timeZone</c>, UTC without one), and whether it exists.</summary>
    public async ValueTask<(string Zone, bool Exists)> ServerZoneAsync(string server)
    {
        var (zone, exists, _) = await ServerAsync(server);
        return (zone ?? StationDefinition.DefaultTimeZone, exists);
    }

    /// <summary>The time zone an aggregate scope counts its days in: the station's (for a mount, the
    /// zone of the station it belongs to), the server's, the group's, or <c>Network:TimeZone</c>.</summary>
    public async ValueTask<TimeZoneInfo> ZoneOfAsync(Scope scope)
    {
        string? zone;
        switch (scope.Kind)
        {
            case Scope.StationKind:
                zone = (await FindAsync(scope.Id))?.TimeZone;
                break;
            case Scope.ServerKind:
                zone = (await ServerZoneAsync(scope.Id)).Zone;
                break;
            case Scope.GroupKind:
                zone = (await FindGroupAsync(scope.Id))?.TimeZone;
                break;
            case Scope.NetworkKind:
                zone = network.Value.TimeZone;
                break;
            default:
                var (server, mount) = Mounts.MountKey.Parse(scope.Id);
                zone = (await ResolveAsync(server, mount)).TimeZone;
                break;
        }

        return TimeZoneInfo.FindSystemTimeZoneById(zone ?? StationDefinition.DefaultTimeZone);
    }

    /// <summary>The mounts whose sessions make up a scope now.</summary>
    public async ValueTask<ScopeMembers> MembersAsync(Scope scope)
    {
        var snapshot = await CurrentAsync();
        switch (scope.Kind)
        {
            case Scope.NetworkKind:
                return ScopeMembers.Everything;
            case Scope.ServerKind:
                return ScopeMembers.OfServer(scope.Id);
            case Scope.MountKind:
                return ScopeMembers.OfMounts([scope.Id]);
            case Scope.StationKind:
                return StationMembers(snapshot, scope.Id);
            case Scope.GroupKind:
                var group = snapshot.Groups.GetValueOrDefault(scope.Id);
                return (group?.Stations ?? []).Aggregate(ScopeMembers.None, (all, station) => all.Union(StationMembers(snapshot, station)));
            default:
                return ScopeMembers.None;
        }
    }

    /// <summary>Every aggregate scope a session on this mount counts in: its station, the mount,
    /// its server, the groups of its station and the network.</summary>
    public async ValueTask<IReadOnlyList<Scope>> ScopesOfAsync(string server, string mount)
    {
        var station = await ResolveAsync(server, mount);
        var scopes = new List<Scope> { Scope.Station(station.Id), Scope.Mount(server, mount), Scope.Server(server), Scope.Network };
        scopes.AddRange((await CurrentAsync()).Groups.Values.Where(g => g.Stations.Contains(station.Id)).Select(g => Scope.Group(g.Id)));
        return scopes;
    }

    private static ScopeMembers StationMembers(Snapshot snapshot, string id) =>
        snapshot.ById.TryGetValue(id, out var station)
            ? ScopeMembers.OfMounts(station.Mounts.Select(m => m.Server + m.Mount))
            : new ScopeMembers(false, [id], [.. snapshot.ByMount.Keys.Where(k => k.Item1 == id).Select(k => k.Item1 + k.Item2)], []);

    /// <summary>Reloads the stations and groups now, failing rather than keeping the cached ones when
    /// the directories cannot be read (a rebuild must never run on a grouping from before an edit).</summary>
    public async Task RefreshAsync()
    {
        await _loading.WaitAsync();
        try
        {
            _servers.Clear();
            _snapshot = await LoadAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Forgets the cache: the next call reloads (after an edit on this node).</summary>
    public void Invalidate()
    {
        _snapshot = _snapshot with { LoadedAt = DateTimeOffset.MinValue };
        _servers.Clear();
    }

    private async ValueTask<(string? Zone, bool Exists, DateTimeOffset At)> ServerAsync(string id)
    {
        if (_servers.TryGetValue(id, out var known) && time.GetUtcNow() - known.At < Refresh)
        {
            return known;
        }

        var view = await grains.GetGrain<IIcecastServerGrain>(id).Get();
        var entry = (view?.TimeZone, view is not null, time.GetUtcNow());
        if (_servers.Count > 10_000)
        {
            _servers.Clear(); // bounded whatever ids callers ask about
        }

        if (entry.Item2)
        {
            _servers[id] = entry; // an unknown id is asked again: it may be created the next moment
        }

        return entry;
    }

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
                    _snapshot = await LoadAsync(LoadTimeout);
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

    private async Task<Snapshot> LoadAsync(TimeSpan timeout)
    {
        var list = grains.GetGrain<IStationDirectoryGrain>(IStationDirectoryGrain.Key).List().WaitAsync(timeout);
        var groups = grains.GetGrain<IGroupDirectoryGrain>(IGroupDirectoryGrain.Key).List().WaitAsync(timeout);
        var (stations, groupList) = (await list, await groups);
        return new Snapshot(stations.Version, groupList.Version,
            stations.Stations.SelectMany(s => s.Mounts.Select(m => (m, s))).ToDictionary(x => (x.m.Server, x.m.Mount), x => x.s),
            stations.Stations.ToDictionary(s => s.Id, StringComparer.Ordinal),
            groupList.Groups.ToDictionary(g => g.Id, StringComparer.Ordinal),
            time.GetUtcNow());
    }

    public void Dispose() => _loading.Dispose();

    private sealed record class Snapshot(
        long Version, long GroupVersion, Dictionary<(string, string), StationDefinition> ByMount, Dictionary<string, StationDefinition> ById,
        Dictionary<string, GroupDefinition> Groups, DateTimeOffset LoadedAt);
}
