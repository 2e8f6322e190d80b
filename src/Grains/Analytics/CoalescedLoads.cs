using System.Collections.Concurrent;

namespace Asteroid.Analytics;

/// <summary>One load for concurrent callers asking for the same key: the first caller runs it, the
/// others wait for its result, and the entry goes as soon as the load ends (nothing is kept after it,
/// so memory is what the loads in flight hold). A scope's day grain and geo grain rebuild the same
/// day at once and read the same raw sessions; with this they read them once. The result is shared:
/// callers must only read it. A waiter whose own token is not cancelled never sees another caller's
/// cancellation: it loads again itself.</summary>
public sealed class CoalescedLoads<TKey, TValue>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Task<TValue>> _inFlight = new();

    /// <summary>Loads in flight now (tests).</summary>
    public int InFlight => _inFlight.Count;

    public async Task<TValue> GetAsync(TKey key, Func<CancellationToken, Task<TValue>> load, CancellationToken ct)
    {
        var mine = new TaskCompletionSource<TValue>(TaskCreationOptions.RunContinuationsAsynchronously);
        var shared = _inFlight.GetOrAdd(key, mine.Task);
        if (shared != mine.Task)
        {
            try
            {
                return await shared.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return await load(ct); // the first caller was cancelled, not this one
            }
        }

        try
        {
            var value = await load(ct);
            mine.SetResult(value);
            return value;
        }
        catch (OperationCanceledException ex)
        {
            mine.SetCanceled(ex.CancellationToken);
            throw;
        }
        catch (Exception ex)
        {
            mine.SetException(ex);
            _ = mine.Task.Exception; // observed here: a load nobody waited for is not an unobserved task exception
            throw;
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<TKey, Task<TValue>>(key, mine.Task));
        }
    }
}
