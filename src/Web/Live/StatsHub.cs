using Asteroid.Mounts;
using Microsoft.AspNetCore.SignalR;

namespace Asteroid.Web.Live;

/// <summary><c>/hubs/stats</c>. A client joins the group of every mount (<c>JoinAll</c>) or of one
/// mount (<c>JoinMount</c>) and receives <c>mountChanged</c> messages
/// (<c>{server, mount, listeners, status, statusDetail, at}</c>) within a second of the poll that saw them,
/// and <c>trackChanged</c> (<c>{server, mount, artist, title, startedAt}</c>) when a new play starts.</summary>
public sealed class StatsHub : Hub
{
    public const string Path = "/hubs/stats";
    public const string MountChanged = "mountChanged";
    public const string TrackChanged = "trackChanged";
    public const string AllGroup = "all";

    public static string MountGroup(string server, string mount) => "mount:" + MountKey.Format(server, mount);

    public Task JoinAll() => Groups.AddToGroupAsync(Context.ConnectionId, AllGroup);

    public Task LeaveAll() => Groups.RemoveFromGroupAsync(Context.ConnectionId, AllGroup);

    public Task JoinMount(string server, string mount) => Groups.AddToGroupAsync(Context.ConnectionId, MountGroup(server, mount));

    public Task LeaveMount(string server, string mount) => Groups.RemoveFromGroupAsync(Context.ConnectionId, MountGroup(server, mount));
}
