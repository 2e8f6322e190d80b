using System.Collections.Concurrent;
using Asteroid.Live;
using Asteroid.Mounts;
using Microsoft.AspNetCore.SignalR;

namespace Asteroid.Web.Live;

/// <summary>This web node's receiver of live changes from every silo: forwards each change to its
/// mount's group, its station's group (scoped callers' <c>JoinAll</c>) and to the "all" group (admins), and remembers what it forwarded per mount.
/// Pushes are one-way and can be missed (a silo's push grain still had an older list of web nodes,
/// the registry grain was moving after a silo died), so <see cref="Resync"/> compares the
/// mounts' real state with what was forwarded and sends what differs: a missed change reaches
/// browsers at the next resync instead of never.</summary>
public sealed class HubLiveStatsObserver(IHubContext<StatsHub> hub, TimeProvider time, Access.AccessRulesSource? access = null) : ILiveStatsObserver
{
    private readonly ConcurrentDictionary<(string Server, string Mount), Forwarded> _forwarded = new();

    public Task OnMountChanges(IReadOnlyList<MountCountChange> changes)
    {
        var now = time.GetTimestamp();
        foreach (var change in changes)
        {
            var key = (change.Server, change.Mount);
            if (_forwarded.TryGetValue(key, out var last) && last.Change.At > change.At)
            {
                continue; // an older change overtaken by a newer one (from another silo, or a resync)
            }

            _forwarded[key] = new Forwarded(change, now);
            Send(change);
        }

        return Task.CompletedTask;
    }

    /// <summary>Sends the mounts whose state differs from what this node last forwarded. A mount
    /// forwarded by a push after <paramref name="readStartedAt"/> (a <see cref="TimeProvider"/>
    /// timestamp) is left alone: that push is at least as new as the read.</summary>
    public int Resync(IEnumerable<MountLiveState> mounts, long readStartedAt)
    {
        var sent = 0;
        foreach (var mount in mounts)
        {
            var key = (mount.Server, mount.Mount);
            if (_forwarded.TryGetValue(key, out var last)
                && (last.ReceivedAt > readStartedAt || (last.Change.Listeners == mount.Listeners && last.Change.Status == mount.Status)))
            {
                continue;
            }

            var change = new MountCountChange(mount.Server, mount.Mount, mount.Listeners, mount.Status, mount.StatusDetail,
                mount.LastPolledAt ?? time.GetUtcNow());
            _forwarded[key] = new Forwarded(change, time.GetTimestamp());
            Send(change);
            sent++;
        }

        return sent;
    }

    private void Send(MountCountChange change)
    {
        _ = hub.Clients.Group(StatsHub.AllGroup).SendAsync(StatsHub.MountChanged, change);
        _ = hub.Clients.Group(StatsHub.MountGroup(change.Server, change.Mount)).SendAsync(StatsHub.MountChanged, change);
        if (access is not null)
        {
            _ = SendToStationAsync(access, change);
        }
    }

    private async Task SendToStationAsync(Access.AccessRulesSource rules, MountCountChange change)
    {
        try
        {
            var station = (await rules.CurrentAsync()).StationOfMount(change.Server, change.Mount);
            await hub.Clients.Group(StatsHub.StationGroup(station)).SendAsync(StatsHub.MountChanged, change);
        }
        catch (Exception)
        {
            // The directories are unreachable for a moment: the next resync sends the state again.
        }
    }

    private sealed record class Forwarded(MountCountChange Change, long ReceivedAt);
}
