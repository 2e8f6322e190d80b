using System.Collections.Concurrent;
using Asteroid.Database;
using Microsoft.Extensions.Logging.Abstractions;

namespace Asteroid.Tests.Hostile;

/// <summary>A write buffer isolates and parks an item whose data makes every write fail, and keeps
/// (retries, loses nothing) a batch that fails because the database is away.</summary>
public sealed class DeadLetterTests
{
    [Fact]
    public async Task A_poison_item_is_parked_and_the_rest_of_its_batch_is_written()
    {
        var writer = new Recorder(poison: 13);
        await writer.StartAsync(CancellationToken.None);
        for (var i = 0; i < 100; i++)
        {
            Assert.True(writer.TryEnqueue(i));
        }

        await Until(() => writer.Pending == 0 && writer.DeadLettered == 1);
        await writer.StopAsync(CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 100).Where(i => i != 13), writer.Stored.Order());
        Assert.Equal(1, writer.DeadLettered);
        Assert.Equal(99, writer.Written);
    }

    [Fact]
    public async Task A_batch_failing_because_the_database_is_away_is_kept_and_retried_not_parked()
    {
        var writer = new Recorder(poison: -1) { OutageWrites = 1 };
        await writer.StartAsync(CancellationToken.None);
        for (var i = 0; i < 10; i++)
        {
            Assert.True(writer.TryEnqueue(i));
        }

        await Until(() => writer.Stored.Count == 10);
        await writer.StopAsync(CancellationToken.None);

        Assert.Equal(0, writer.DeadLettered);
        Assert.Equal(Enumerable.Range(0, 10), writer.Stored.Order());
        Assert.True(writer.Attempts >= 2);
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within 30 s");
            await Task.Delay(20);
        }
    }

    private sealed class Recorder(int poison) : BufferedWriter<int>(1000, 100, TimeSpan.FromMilliseconds(10), TimeProvider.System, NullLogger.Instance)
    {
        private int _attempts;

        public ConcurrentBag<int> Stored { get; } = [];

        public int OutageWrites { get; init; }

        public int Attempts => Volatile.Read(ref _attempts);

        protected override string What => "test items";

        protected override string Describe(int item) => $"item {item}";

        protected override Task WriteBatchAsync(IReadOnlyList<int> batch, CancellationToken ct)
        {
            if (Interlocked.Increment(ref _attempts) <= OutageWrites)
            {
                throw new TimeoutException("database away");
            }

            if (batch.Contains(poison))
            {
                throw new ArgumentOutOfRangeException(nameof(batch), "a date the calendar cannot hold");
            }

            foreach (var item in batch)
            {
                Stored.Add(item);
            }

            return Task.CompletedTask;
        }
    }
}
