namespace Asteroid.Mounts;

/// <summary>One mount of one Icecast server (key: <see cref="MountKey"/>). Polls
/// <c>/admin/listclients</c> on a grain timer; a reminder brings it back after deactivation or a
/// silo restart. Keeps the current listener list in memory only.</summary>
[Alias("asteroid.mount")]
public interface IMountGrain : IGrainWithStringKey
{
    /// <summary>Starts (or keeps) polling with these settings: the server saw this mount in
    /// listmounts, or its settings changed. Interleaves with a poll in progress.</summary>
    [AlwaysInterleave, Alias("ensure-polling")]
    Task EnsurePolling(Servers.IcecastServerSettings settings);

    /// <summary>The mount left listmounts: stop polling, keep the mount and its last numbers.</summary>
    [AlwaysInterleave, Alias("mark-offline")]
    Task MarkOffline(string reason);

    /// <summary>The server was removed or disabled: stop polling and drop the reminder.</summary>
    [Alias("stop")]
    Task Stop(string status);

    [AlwaysInterleave, Alias("get-state")]
    Task<MountLiveState> GetState();
}
