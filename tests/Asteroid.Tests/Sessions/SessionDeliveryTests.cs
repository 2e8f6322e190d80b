using Asteroid.Mounts;
using Asteroid.Sessions;

namespace Asteroid.Tests.Sessions;

public sealed class SessionDeliveryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private readonly List<string> _calls = [];
    private readonly HashSet<long> _failing = [];
    private readonly SessionDelivery _delivery;

    public SessionDeliveryTests() => _delivery = new SessionDelivery(
        s => Call($"start {s.ClientId}", s.ClientId),
        (s, _) => Call($"end {s.ClientId}", s.ClientId));

    [Fact]
    public async Task Starts_go_before_ends_and_everything_delivered_is_returned()
    {
        var a = Session(1);
        var b = Session(2);

        var delivered = await _delivery.DeliverAsync(Changes([a], [(b, End())]));

        Assert.Equal(["start 1", "end 2"], _calls);
        Assert.Equal([a], delivered.Started);
        Assert.Equal([b], delivered.Ended.Select(e => e.Session));
        Assert.Equal(0, _delivery.Undelivered);
    }

    [Fact]
    public async Task A_failed_start_is_kept_with_its_end_and_both_go_first_next_time_in_order()
    {
        var remove = Session(1); // seen only by its listener_remove: started and ended at once
        _failing.Add(1);

        var delivered = await _delivery.DeliverAsync(Changes([remove], [(remove, End())]));

        Assert.Equal(["start 1"], _calls); // the end waits behind its start
        Assert.True(delivered.IsEmpty);
        Assert.Equal(2, _delivery.Undelivered);

        _failing.Clear();
        _calls.Clear();
        var other = Session(2);
        delivered = await _delivery.DeliverAsync(Changes([other], []));

        Assert.Equal(["start 1", "start 2", "end 1"], _calls); // the retried start first, its end after every start
        Assert.Equal([remove, other], delivered.Started);
        Assert.Equal([remove], delivered.Ended.Select(e => e.Session));
        Assert.Equal(0, _delivery.Undelivered);
    }

    [Fact]
    public async Task A_failed_end_is_retried_and_nothing_is_dropped_while_calls_keep_failing()
    {
        var a = Session(1);
        _failing.Add(1);

        for (var i = 0; i < 3; i++)
        {
            var delivered = await _delivery.DeliverAsync(i == 0 ? Changes([], [(a, End())]) : new SessionChanges());
            Assert.True(delivered.IsEmpty);
            Assert.Equal(1, _delivery.Undelivered);
        }

        _failing.Clear();
        var last = await _delivery.DeliverAsync(new SessionChanges());

        Assert.Equal([a], last.Ended.Select(e => e.Session));
        Assert.Equal(4, _calls.Count(c => c == "end 1"));
        Assert.Equal(0, _delivery.Undelivered);
    }

    [Fact]
    public async Task A_call_that_throws_before_returning_a_task_is_kept_too()
    {
        var delivery = new SessionDelivery(_ => throw new InvalidOperationException("no silo"), (_, _) => Task.CompletedTask);

        var delivered = await delivery.DeliverAsync(Changes([Session(1)], []));

        Assert.Empty(delivered.Started);
        Assert.Equal(1, delivery.Undelivered);
    }

    private async Task Call(string what, long clientId)
    {
        _calls.Add(what);
        await Task.Yield();
        if (_failing.Contains(clientId))
        {
            throw new TimeoutException("silo gone");
        }
    }

    private static SessionChanges Changes(IEnumerable<OpenSession> started, IEnumerable<(OpenSession, SessionEnd)> ended)
    {
        var changes = new SessionChanges();
        changes.Started.AddRange(started);
        changes.Ended.AddRange(ended);
        return changes;
    }

    private static SessionEnd End() => new(T0.AddMinutes(5), 1, SessionSources.Poll);

    private static OpenSession Session(long clientId) => new(SessionKey.Id($"main|1|{clientId}"), "main", "/live.mp3", T0.AddDays(-1), clientId, T0,
        new ListenerProfile("key", null, null, null, null, null, null, "VLC", "Linux", "desktop", false), SessionSources.Poll);
}
