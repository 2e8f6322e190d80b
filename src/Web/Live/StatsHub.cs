using Asteroid.Mounts;
using Asteroid.Web.Access;
using Microsoft.AspNetCore.SignalR;

namespace Asteroid.Web.Live;

/// <summary><c>/hubs/stats</c>. A client joins the group of every mount it may see (<c>JoinAll</c>) or of one
/// mount (<c>JoinMount</c>) and receives <c>mountChanged</c> messages
/// (<c>{server, mount, listeners, status, statusDetail, at}</c>) within a second of the poll that saw them,
/// and <c>trackChanged</c> (<c>{server, mount, artist, title, startedAt}</c>) when a new play starts.
/// An admin's <c>JoinAll</c> joins the "all" group; anyone else's joins the groups of the stations they
/// may read, so no other station's mount reaches them. <c>JoinMount</c> of a mount the caller may not
/// see is refused with a hub error.</summary>
public sealed class StatsHub(AccessRulesSource access) : Hub
{
    public const string Path = "/hubs/stats";
    public const string MountChanged = "mountChanged";
    public const string TrackChanged = "trackChanged";
    public const string AllGroup = "all";

    public static string MountGroup(string server, string mount) => "mount:" + MountKey.Format(server, mount);

    public static string StationGroup(string station) => "station:" + station;

    public async Task JoinAll()
    {
        var grants = AccessClaims.GrantsOf(Context.User!);
        if (grants.IsAdmin)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, AllGroup);
            return;
        }

        // The stations are those granted when joining; a grant added later needs a new JoinAll.
        foreach (var station in (await access.CurrentAsync()).StationsOf(grants))
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, StationGroup(station));
        }
    }

    public async Task LeaveAll()
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, AllGroup);
        foreach (var station in (await access.CurrentAsync()).StationsOf(AccessClaims.GrantsOf(Context.User!)))
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, StationGroup(station));
        }
    }

    public async Task JoinMount(string server, string mount)
    {
        if (!(await access.CurrentAsync()).MaySee(AccessClaims.GrantsOf(Context.User!), server, mount))
        {
            throw new HubException("Not allowed: this mount is not in a station granted to you.");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, MountGroup(server, mount));
    }

    public Task LeaveMount(string server, string mount) => Groups.RemoveFromGroupAsync(Context.ConnectionId, MountGroup(server, mount));
}
