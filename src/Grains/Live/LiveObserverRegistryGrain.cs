namespace Asteroid.Live;

/// <summary>Web nodes subscribe every few seconds; an entry not renewed within a minute expires,
/// so a crashed web node stops receiving pushes by itself.</summary>
[GrainType("live-observer-registry")]
public sealed class LiveObserverRegistryGrain(TimeProvider time) : Grain, ILiveObserverRegistryGrain
{
    private static readonly TimeSpan Expiry = TimeSpan.FromMinutes(1);
    private readonly Dictionary<ILiveStatsObserver, DateTimeOffset> _observers = [];

    public Task Subscribe(ILiveStatsObserver observer)
    {
        _observers[observer] = time.GetUtcNow();
        return Task.CompletedTask;
    }

    public Task Unsubscribe(ILiveStatsObserver observer)
    {
        _observers.Remove(observer);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ILiveStatsObserver>> GetObservers()
    {
        var now = time.GetUtcNow();
        foreach (var stale in _observers.Where(o => now - o.Value > Expiry).Select(o => o.Key).ToList())
        {
            _observers.Remove(stale);
        }

        return Task.FromResult<IReadOnlyList<ILiveStatsObserver>>([.. _observers.Keys]);
    }
}
