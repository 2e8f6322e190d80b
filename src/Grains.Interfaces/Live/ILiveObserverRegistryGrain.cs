namespace Asteroid.Live;

/// <summary>The web nodes currently listening (key "default"). Subscriptions expire unless renewed,
/// so a crashed web node drops out by itself.</summary>
[Alias("asteroid.live-observer-registry")]
public interface ILiveObserverRegistryGrain : IGrainWithStringKey
{
    public const string Key = "default";

    [Alias("subscribe")]
    Task Subscribe(ILiveStatsObserver observer);

    [Alias("unsubscribe")]
    Task Unsubscribe(ILiveStatsObserver observer);

    [Alias("get-observers")]
    Task<IReadOnlyList<ILiveStatsObserver>> GetObservers();
}
