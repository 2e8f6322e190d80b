namespace Asteroid.Live;

/// <summary>Implemented by each web node (a thin wrapper over its SignalR hub context) and
/// registered with <see cref="ILiveObserverRegistryGrain"/>, so changes produced on any silo reach
/// browsers connected to any web node.</summary>
[Alias("asteroid.live-observer")]
public interface ILiveStatsObserver : IGrainObserver
{
    [OneWay, Alias("on-mount-changes")]
    Task OnMountChanges(IReadOnlyList<MountCountChange> changes);
}
