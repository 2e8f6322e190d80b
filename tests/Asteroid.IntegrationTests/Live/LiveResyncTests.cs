using Asteroid.Live;
using Asteroid.Mounts;
using Asteroid.Web.Live;
using Microsoft.AspNetCore.SignalR;

namespace Asteroid.IntegrationTests.Live;

/// <summary>A web node repairs missed pushes: the resync sends the mounts whose real state differs
/// from what the node forwarded, and never overwrites a push newer than its read.</summary>
public sealed class LiveResyncTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private readonly ManualTime _time = new(T0);
    private readonly RecordingHub _hub = new();
    private readonly HubLiveStatsObserver _observer;

    public LiveResyncTests() => _observer = new HubLiveStatsObserver(_hub, _time);

    [Fact]
    public async Task A_missed_change_is_sent_by_the_next_resync()
    {
        await _observer.OnMountChanges([Change(5, T0)]);
        var read = _time.GetTimestamp();
        _time.Advance(TimeSpan.FromSeconds(1));

        // The 5 -> 1 push never came; the mount grain says 1.
        var sent = _observer.Resync([State(1, T0.AddSeconds(10))], read);

        Assert.Equal(1, sent);
        Assert.Equal([5, 1], _hub.SentToAll.Select(c => c.Listeners));
    }

    [Fact]
    public async Task A_mount_already_forwarded_with_the_same_state_is_not_resent()
    {
        await _observer.OnMountChanges([Change(5, T0)]);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(0, _observer.Resync([State(5, T0.AddSeconds(10))], _time.GetTimestamp()));
        Assert.Single(_hub.SentToAll);
    }

    [Fact]
    public async Task A_push_received_after_the_read_started_wins_over_the_read()
    {
        var read = _time.GetTimestamp();
        _time.Advance(TimeSpan.FromMilliseconds(200));
        await _observer.OnMountChanges([Change(7, T0.AddSeconds(20))]);

        Assert.Equal(0, _observer.Resync([State(5, T0.AddSeconds(10))], read));
        Assert.Equal([7], _hub.SentToAll.Select(c => c.Listeners));
    }

    [Fact]
    public async Task An_older_push_arriving_late_is_dropped()
    {
        await _observer.OnMountChanges([Change(3, T0.AddSeconds(20))]);
        await _observer.OnMountChanges([Change(9, T0.AddSeconds(10))]);

        Assert.Equal([3], _hub.SentToAll.Select(c => c.Listeners));
    }

    [Fact]
    public void A_mount_never_forwarded_is_sent_to_its_group_and_to_all()
    {
        Assert.Equal(1, _observer.Resync([State(2, T0)], _time.GetTimestamp()));
        Assert.Equal(["all", StatsHub.MountGroup("main", "/live.mp3")], _hub.GroupsSentTo);
    }

    private static MountCountChange Change(int listeners, DateTimeOffset at) => new("main", "/live.mp3", listeners, "ok", null, at);

    private static MountLiveState State(int listeners, DateTimeOffset polledAt) => new("main", "/live.mp3", listeners, "ok", null, polledAt, polledAt);

    /// <summary>Records what the observer sends, per group.</summary>
    private sealed class RecordingHub : IHubContext<StatsHub>, IHubClients
    {
        private readonly List<(string Group, MountCountChange Change)> _sent = [];

        public List<MountCountChange> SentToAll => [.. _sent.Where(s => s.Group == StatsHub.AllGroup).Select(s => s.Change)];

        public List<string> GroupsSentTo => [.. _sent.Select(s => s.Group)];

        IHubClients IHubContext<StatsHub>.Clients => this;

        IGroupManager IHubContext<StatsHub>.Groups => throw new NotSupportedException();

        public IClientProxy All => throw new NotSupportedException();

        public IClientProxy Group(string groupName) => new Proxy(this, groupName);

        public IClientProxy AllExcept(IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

        public IClientProxy Client(string connectionId) => throw new NotSupportedException();

        IClientProxy IHubClients<IClientProxy>.Clients(IReadOnlyList<string> connectionIds) => throw new NotSupportedException();

        public IClientProxy GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

        IClientProxy IHubClients<IClientProxy>.Groups(IReadOnlyList<string> groupNames) => throw new NotSupportedException();

        public IClientProxy User(string userId) => throw new NotSupportedException();

        public IClientProxy Users(IReadOnlyList<string> userIds) => throw new NotSupportedException();

        private sealed class Proxy(RecordingHub hub, string group) : IClientProxy
        {
            public Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default)
            {
                Assert.Equal(StatsHub.MountChanged, method);
                lock (hub._sent)
                {
                    hub._sent.Add((group, (MountCountChange)args[0]!));
                }

                return Task.CompletedTask;
            }
        }
    }

    /// <summary>A clock the test moves by hand.</summary>
    private sealed class ManualTime(DateTimeOffset start) : TimeProvider
    {
        private TimeSpan _elapsed;

        public override DateTimeOffset GetUtcNow() => start + _elapsed;

        public override long GetTimestamp() => _elapsed.Ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public void Advance(TimeSpan by) => _elapsed += by;
    }
}
