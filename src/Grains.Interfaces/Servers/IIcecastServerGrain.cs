namespace Asteroid.Servers;

/// <summary>One Icecast server, keyed by its id. Owns the settings (persisted), discovers mounts
/// from <c>/admin/listmounts</c> and keeps one <see cref="Mounts.IMountGrain"/> per mount polling.</summary>
[Alias("asteroid.server")]
public interface IIcecastServerGrain : IGrainWithStringKey
{
    /// <summary>Creates or replaces the settings. A null password keeps the stored one.</summary>
    [Alias("configure")]
    Task<IcecastServerView> Configure(IcecastServerSettings settings, bool keepStoredPassword);

    /// <summary>Applies settings from configuration unless the same entry was applied before, so
    /// changes made through the admin API survive a restart with an unchanged configuration file.</summary>
    [Alias("seed")]
    Task Seed(IcecastServerSettings settings);

    [AlwaysInterleave, Alias("get")]
    Task<IcecastServerView?> Get();

    /// <summary>Settings with the password, for the mount grains of this server only.</summary>
    [AlwaysInterleave, Alias("get-settings")]
    Task<IcecastServerSettings?> GetSettings();

    /// <summary>When the Icecast process started (part of every session key); asks Icecast's
    /// <c>/admin/stats</c> if discovery has not yet. Null while Icecast cannot be reached.</summary>
    [AlwaysInterleave, Alias("get-server-start")]
    Task<DateTimeOffset?> GetServerStart();

    /// <summary>The token Icecast's push hooks must carry (<c>?token=</c>); null for an unknown server.</summary>
    [AlwaysInterleave, Alias("get-hook-token")]
    Task<string?> GetHookToken();

    /// <summary>Replaces the hook token (the old one stops working at once).</summary>
    [Alias("rotate-hook-token")]
    Task<string?> RotateHookToken();

    /// <summary>Stops polling, forgets the settings and the mounts' state.</summary>
    [Alias("remove")]
    Task<bool> Remove();

    /// <summary>Current state of every mount this server has ever shown.</summary>
    [AlwaysInterleave, Alias("get-mounts")]
    Task<IReadOnlyList<Mounts.MountLiveState>> GetMounts();
}
