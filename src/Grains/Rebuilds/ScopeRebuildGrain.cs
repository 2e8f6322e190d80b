using Asteroid.Analytics;
using Asteroid.Reports;
using Asteroid.Stations;

namespace Asteroid.Rebuilds;

/// <summary>The contract of <see cref="IScopeRebuildGrain"/> around this silo's <see cref="ScopeRebuilds"/>.</summary>
[StatelessWorker, Reentrant, GrainType("scope-rebuild")]
public sealed class ScopeRebuildGrain(ScopeRebuilds rebuilds, StationResolver stations) : Grain, IScopeRebuildGrain
{
    public async Task StationChanged(StationDefinition? old, StationDefinition? now)
    {
        var before = old?.Mounts ?? [];
        var after = now?.Mounts ?? [];
        var moved = before.Except(after).Concat(after.Except(before)).ToList();
        if ((old is null && now is null) || (moved.Count == 0 && old?.TimeZone == now?.TimeZone))
        {
            return;
        }

        await stations.RefreshAsync();
        var scopes = new List<Scope>();
        if (now is not null)
        {
            scopes.Add(Scope.Station(now.Id));
        }

        scopes.AddRange(moved.Select(m => m.Server).Distinct().Select(Scope.Station));
        // The groups of every station whose mounts changed: the edited one and the implicit stations
        // of the servers whose mounts moved in or out of it.
        foreach (var station in scopes.Select(s => s.Id).Append((now ?? old)!.Id).Distinct().ToList())
        {
            scopes.AddRange((await stations.GroupsOfAsync(station)).Select(g => Scope.Group(g.Id)));
        }

        foreach (var scope in scopes.Distinct())
        {
            await rebuilds.RequestAsync(scope);
        }
    }

    public Task Request(string kind, string id) => rebuilds.RequestAsync(new Scope(kind, id));

    public Task Cancel(string kind, string id) => rebuilds.CancelAsync(new Scope(kind, id));

    public async Task<RebuildProgress?> Progress(string kind, string id) => await rebuilds.ProgressAsync(new Scope(kind, id));
}
