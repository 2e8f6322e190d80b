using Asteroid.Analytics;

namespace Asteroid.Tests.Analytics;

public sealed class CoalescedLoadsTests
{
    [Fact]
    public async Task Concurrent_callers_of_one_key_share_one_load_and_the_entry_goes_when_it_ends()
    {
        var loads = new CoalescedLoads<string, int>();
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        Task<int> Load(CancellationToken _)
        {
            Interlocked.Increment(ref calls);
            return gate.Task;
        }

        var first = loads.GetAsync("day", Load, default);
        var second = loads.GetAsync("day", Load, default);
        var other = loads.GetAsync("other day", _ => Task.FromResult(7), default);
        Assert.Equal(1, loads.InFlight);
        gate.SetResult(42);

        var both = await Task.WhenAll(first, second);
        Assert.Equal([42, 42], both);
        Assert.Equal(7, await other);
        Assert.Equal(1, calls);
        Assert.Equal(0, loads.InFlight);

        // a later caller loads afresh: nothing is kept after a load ends
        Assert.Equal(3, await loads.GetAsync("day", _ => Task.FromResult(3), default));
    }

    [Fact]
    public async Task A_failed_load_fails_its_waiters_and_is_not_kept()
    {
        var loads = new CoalescedLoads<string, int>();
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = loads.GetAsync("day", _ => gate.Task, default);
        var second = loads.GetAsync("day", _ => Task.FromResult(1), default);
        gate.SetException(new InvalidOperationException("PostgreSQL went away"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => first);
        await Assert.ThrowsAsync<InvalidOperationException>(() => second);
        Assert.Equal(0, loads.InFlight);
        Assert.Equal(5, await loads.GetAsync("day", _ => Task.FromResult(5), default));
    }

    [Fact]
    public async Task A_waiter_is_not_cancelled_by_the_first_callers_token()
    {
        var loads = new CoalescedLoads<string, int>();
        using var cancel = new CancellationTokenSource();
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = loads.GetAsync("day", async ct =>
        {
            await using var _ = ct.Register(() => gate.TrySetCanceled(ct));
            return await gate.Task;
        }, cancel.Token);
        var second = loads.GetAsync("day", _ => Task.FromResult(9), default);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Equal(9, await second); // it loaded itself
    }
}
