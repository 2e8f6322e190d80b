using Asteroid.Events;
using Asteroid.Sessions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Asteroid.Tests.Events;

public sealed class EventPublisherTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private readonly FakeStreams _streams = new();

    [Fact]
    public async Task Events_gathered_between_flushes_go_out_as_one_batch_per_stream()
    {
        var publisher = Publisher();
        publisher.Publish(Count("/a", 1));
        publisher.Publish(Count("/b", 2));
        publisher.Publish(SessionEvent.Start(Session(1)));

        await publisher.FlushAsync(Timeout);

        Assert.Equal(["/a", "/b"], Assert.Single(_streams.MountBatches).Select(e => e.Mount));
        Assert.Equal(1, Assert.Single(Assert.Single(_streams.SessionBatches)).Started!.ClientId);
        Assert.Equal((3L, 0L, 0), (publisher.Published, publisher.Dropped, publisher.Pending));

        await publisher.FlushAsync(Timeout);
        Assert.Single(_streams.MountBatches); // nothing new: nothing sent
    }

    [Fact]
    public async Task A_full_queue_drops_new_events_without_waiting_and_counts_them()
    {
        var publisher = Publisher(capacity: 100);
        for (var i = 0; i < 150; i++)
        {
            publisher.Publish(Count("/a", i)); // returns at once, whatever the queue holds
        }

        Assert.Equal((50L, 100), (publisher.Dropped, publisher.Pending));
        await publisher.FlushAsync(Timeout);

        Assert.Equal(Enumerable.Range(0, 100), Assert.Single(_streams.MountBatches).Cast<MountCountChanged>().Select(c => c.Listeners));
        Assert.Equal((100L, 50L), (publisher.Published, publisher.Dropped));
    }

    [Fact]
    public async Task A_failing_stream_drops_its_batch_counts_it_and_throws_nothing_and_later_events_still_go()
    {
        var publisher = Publisher();
        _streams.Fail = true;
        publisher.Publish(Count("/a", 1));
        publisher.Publish(SessionEvent.Start(Session(1)));

        await publisher.FlushAsync(Timeout); // does not throw

        Assert.Equal((0L, 2L, 0), (publisher.Published, publisher.Dropped, publisher.Pending)); // dropped, not retried
        _streams.Fail = false;
        publisher.Publish(Count("/a", 2));
        await publisher.FlushAsync(Timeout);

        Assert.Equal(2, ((MountCountChanged)Assert.Single(Assert.Single(_streams.MountBatches))).Listeners);
        Assert.Equal((1L, 2L), (publisher.Published, publisher.Dropped));
    }

    [Fact]
    public async Task A_stream_that_does_not_answer_costs_one_timeout_and_the_batch()
    {
        var publisher = Publisher();
        _streams.Hang = true;
        publisher.Publish(Count("/a", 1));

        var flush = publisher.FlushAsync(TimeSpan.FromMilliseconds(200));
        var finished = await Task.WhenAny(flush, Task.Delay(TimeSpan.FromSeconds(10)));

        Assert.Same(flush, finished);
        Assert.Equal((0L, 1L), (publisher.Published, publisher.Dropped));
    }

    [Fact]
    public async Task While_a_timed_out_send_still_runs_no_other_send_starts_on_that_stream()
    {
        var publisher = Publisher();
        _streams.Hang = true;
        publisher.Publish(Count("/a", 1));
        await publisher.FlushAsync(TimeSpan.FromMilliseconds(100)); // times out; the send stays pending
        _streams.Hang = false;

        publisher.Publish(Count("/a", 2));
        await publisher.FlushAsync(TimeSpan.FromMilliseconds(100));

        Assert.Empty(_streams.MountBatches); // the second batch was not sent beside the hung one
        Assert.Equal((0L, 2L), (publisher.Published, publisher.Dropped));
    }

    [Fact]
    public async Task A_blocking_stream_does_not_block_the_caller_of_publish()
    {
        var publisher = Publisher();
        _streams.Block = new ManualResetEventSlim(false);
        publisher.Publish(Count("/a", 1));
        var flush = publisher.FlushAsync(TimeSpan.FromMilliseconds(200));

        publisher.Publish(Count("/a", 2)); // while the send is stuck
        await flush;
        _streams.Block.Set();

        Assert.Equal((1L, 1), (publisher.Dropped, publisher.Pending));
    }

    private EventPublisher Publisher(int capacity = 10_000) => new(_streams,
        Options.Create(new EventStreamOptions { BufferCapacity = capacity, PublishTimeoutSeconds = 5 }), TimeProvider.System, NullLogger<EventPublisher>.Instance);

    private static MountCountChanged Count(string mount, int listeners) => new("main", mount, T0, listeners, null, "ok");

    private static OpenSession Session(long clientId) => new(Guid.NewGuid(), "main", "/live.mp3", T0.AddDays(-1), clientId, T0,
        new ListenerProfile("key", null, null, null, null, null, null, "VLC", "Linux", "desktop", false), SessionSources.Poll);

    private sealed class FakeStreams : IEventStreams
    {
        public List<IReadOnlyList<MountEvent>> MountBatches { get; } = [];

        public List<IReadOnlyList<SessionEvent>> SessionBatches { get; } = [];

        public bool Fail { get; set; }

        public bool Hang { get; set; }

        public ManualResetEventSlim? Block { get; set; }

        public Task SendAsync(IReadOnlyList<MountEvent> events) => Send(MountBatches, events);

        public Task SendAsync(IReadOnlyList<SessionEvent> events) => Send(SessionBatches, events);

        private Task Send<T>(List<IReadOnlyList<T>> batches, IReadOnlyList<T> events)
        {
            Block?.Wait(TimeSpan.FromSeconds(10)); // synchronously, before any await
            if (Hang)
            {
                return new TaskCompletionSource().Task;
            }

            if (Fail)
            {
                return Task.FromException(new InvalidOperationException("queue grain unavailable"));
            }

            lock (batches)
            {
                batches.Add([.. events]);
            }

            return Task.CompletedTask;
        }
    }
}
