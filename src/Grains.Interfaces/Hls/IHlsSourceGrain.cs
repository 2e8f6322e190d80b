namespace Asteroid.Hls;

/// <summary>One configured HAProxy runtime API (<c>Hls:Sources</c>, key: its id): polls the live HLS
/// count of each of its streams on a grain timer (a reminder brings it back after a restart) and
/// publishes counts as a mount's are (live push, <c>/stats/current</c>).</summary>
[Alias("asteroid.hls-source")]
public interface IHlsSourceGrain : IGrainWithStringKey
{
    /// <summary>Starts (or keeps) polling as configured; stops when the source is no longer configured.</summary>
    [Alias("ensure-polling")]
    Task EnsurePolling();

    /// <summary>Its streams' live state, as mounts of the source id.</summary>
    [AlwaysInterleave, Alias("get-mounts")]
    Task<IReadOnlyList<Mounts.MountLiveState>> GetMounts();
}
