using Asteroid.Live;
using Microsoft.AspNetCore.SignalR;

namespace Asteroid.Web.Live;

/// <summary>This web node's receiver of live changes from every silo: a thin wrapper over the hub
/// context that forwards each change to its mount's group and to the "all" group.</summary>
public sealed class HubLiveStatsObserver(IHubContext<StatsHub> hub) : ILiveStatsObserver
{
    public Task OnMountChanges(IReadOnlyList<MountCountChange> changes)
    {
        foreach (var change in changes)
        {
            _ = hub.Clients.Group(StatsHub.AllGroup).SendAsync(StatsHub.MountChanged, change);
            _ = hub.Clients.Group(StatsHub.MountGroup(change.Server, change.Mount)).SendAsync(StatsHub.MountChanged, change);
        }

        return Task.CompletedTask;
    }
}
