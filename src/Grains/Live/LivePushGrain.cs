using Orleans.Concurrency;

namespace Asteroid.Live;

/// <summary>One per silo (stateless worker, key 0). Keeps the newest change per mount and forwards
/// the batch to every registered web node every 100 ms — one call per web node per window.</summary>
[StatelessWorker(1), GrainType("live-push")]
public sealed class LivePushGrain : Grain, ILivePushGrain
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ObserverRefresh = TimeSpan.FromSeconds(5);

    private readonly Dictionary<(string Server, string Mount), MountCountChange> _pending = [];
    private IReadOnlyList<ILiveStatsObserver> _observers = [];
    private DateTime _observersFetchedAt = DateTime.MinValue;
    private IGrainTimer? _timer;

    public Task Publish(MountCountChange change)
    {
        _pending[(change.Server, change.Mount)] = change;
        _timer ??= this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(FlushInterval, FlushInterval) { KeepAlive = true });
        return Task.CompletedTask;
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        if (_observers.Count == 0 || DateTime.UtcNow - _observersFetchedAt > ObserverRefresh)
        {
            _observers = await GrainFactory.GetGrain<ILiveObserverRegistryGrain>(ILiveObserverRegistryGrain.Key).GetObservers();
            _observersFetchedAt = DateTime.UtcNow;
        }

        var batch = _pending.Values.ToList();
        _pending.Clear();
        foreach (var observer in _observers)
        {
            // One-way: a slow or dead web node cannot hold up the others.
            _ = observer.OnMountChanges(batch);
        }
    }
}
