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
    Task EnsurePolling(Servers.IcecastServerSettings settings, DateTimeOffset? serverStart, DateTimeOffset? serverStartConfirmedAt);

    /// <summary>Icecast lists a URL authenticator for this mount (at <paramref name="at"/>): it may post
    /// listener_remove hooks, so a client gone from a poll waits a little for its exact end.</summary>
    [AlwaysInterleave, Alias("expect-remove-hooks")]
    Task ExpectRemoveHooks(DateTimeOffset at);

    /// <summary>The mount left listmounts: stop polling, keep the mount and its last numbers.</summary>
    [AlwaysInterleave, Alias("mark-offline")]
    Task MarkOffline(string reason);

    /// <summary>The server was removed or disabled: stop polling and drop the reminder.</summary>
    [Alias("stop")]
    Task Stop(string status);

    [AlwaysInterleave, Alias("get-state")]
    Task<MountLiveState> GetState();

    /// <summary>The sessions open now (no IPs: listener keys and profiles).</summary>
    [AlwaysInterleave, Alias("get-sessions")]
    Task<IReadOnlyList<Sessions.OpenSession>> GetSessions();

    /// <summary>Icecast's <c>listener_add</c> hook for this mount.</summary>
    [Alias("hook-listener-add")]
    Task HookListenerAdd(long clientId, Sessions.ListenerProfile profile, DateTimeOffset at);

    /// <summary>Icecast's <c>listener_remove</c> hook: the session ends now with Icecast's exact duration.</summary>
    [Alias("hook-listener-remove")]
    Task HookListenerRemove(long clientId, Sessions.ListenerProfile profile, long durationSeconds, DateTimeOffset at);
}
