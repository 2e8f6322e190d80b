using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Asteroid.Database;

/// <summary>A per-silo bounded queue in front of PostgreSQL, written in batches: at most once per
/// flush interval, or as soon as a batch is full. A failed batch is kept and retried with back-off
/// (PostgreSQL down means waiting, not losing). When the queue is full, <see cref="EnqueueAsync"/>
/// makes callers wait up to a timeout (back-pressure) and <see cref="TryEnqueue"/> refuses; either
/// way a refused item is counted and logged with what it was. On shutdown the queue is flushed.</summary>
public abstract partial class BufferedWriter<T>(int capacity, int maxBatch, TimeSpan flushInterval, TimeProvider time, ILogger logger)
    : BackgroundService
{
    private readonly Channel<T> _queue = Channel.CreateBounded<T>(
        new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
    private long _written;
    private long _dropped;
    private int _inBatch;

    public long Written => Interlocked.Read(ref _written);

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Items waiting: queued, plus the batch being written (or retried while PostgreSQL is away).</summary>
    public int Pending => _queue.Reader.Count + Volatile.Read(ref _inBatch);

    protected TimeProvider Clock => time;

    /// <summary>What the queue holds, for log lines ("listener snapshots").</summary>
    protected abstract string What { get; }

    /// <summary>Adds without waiting; false (and counted as dropped) when the queue is full.</summary>
    public bool TryEnqueue(T item)
    {
        if (_queue.Writer.TryWrite(item))
        {
            return true;
        }

        OnDropped(item);
        return false;
    }

    /// <summary>Adds, waiting up to <paramref name="timeout"/> for room; false (and counted as dropped) after that.</summary>
    public async ValueTask<bool> EnqueueAsync(T item, TimeSpan timeout)
    {
        if (_queue.Writer.TryWrite(item))
        {
            return true;
        }

        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _queue.Writer.WriteAsync(item, wait.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            OnDropped(item);
            return false;
        }
    }

    protected abstract Task WriteBatchAsync(IReadOnlyList<T> batch, CancellationToken ct);

    /// <summary>How a dropped item is described in the log (never with listener IPs).</summary>
    protected abstract string Describe(T item);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Observability.AsteroidMetrics.ObserveDepth(What, () => Pending);
        var batch = new List<T>(maxBatch);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (batch.Count == 0 && !await _queue.Reader.WaitToReadAsync(stoppingToken))
                {
                    break;
                }

                if (_queue.Reader.Count < maxBatch)
                {
                    await Task.Delay(flushInterval, time, stoppingToken); // let a batch gather
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }

            Drain(batch);
            if (await TryWriteAsync(batch, stoppingToken))
            {
                failures = 0;
                continue;
            }

            failures++;
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, 1 << Math.Min(failures, 5))), time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        // Shutting down: write what is queued, a batch at a time, while the host lets us.
        do
        {
            Drain(batch);
        }
        while (batch.Count > 0 && await TryWriteAsync(batch, CancellationToken.None));

        if (batch.Count + Pending > 0)
        {
            LogLostAtShutdown(logger, batch.Count + Pending, What);
        }
    }

    private void Drain(List<T> batch)
    {
        while (batch.Count < maxBatch && _queue.Reader.TryRead(out var item))
        {
            batch.Add(item);
        }

        Volatile.Write(ref _inBatch, batch.Count);
    }

    private async Task<bool> TryWriteAsync(List<T> batch, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return true;
        }

        try
        {
            var started = time.GetTimestamp();
            await WriteBatchAsync(batch, ct);
            Observability.AsteroidMetrics.DatabaseWrite.Record(time.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("writer", What));
            Interlocked.Add(ref _written, batch.Count);
            batch.Clear();
            Volatile.Write(ref _inBatch, 0);
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex)
        {
            // Whatever failed (PostgreSQL away, or a grain call rejected while a silo dies, for the
            // aggregation feed), the batch stays queued and is retried: an exception escaping here
            // would stop the writer's background service, and with it the whole host.
            LogWriteFailed(logger, ex, batch.Count, What, Pending);
            return false;
        }
    }

    private void OnDropped(T item)
    {
        var dropped = Interlocked.Increment(ref _dropped);
        LogDropped(logger, What, capacity, Describe(item), dropped);
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Warning, Message = "Writing {Count} {What} failed; they stay queued ({Pending} more waiting) and are retried")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count, string what, int pending);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Error, Message = "Queue of {What} full ({Capacity}): dropped {Item} ({Dropped} dropped so far). Is PostgreSQL down?")]
    private static partial void LogDropped(ILogger logger, string what, int capacity, string item, long dropped);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Error, Message = "Shutdown: {Count} {What} could not be written before the host stopped")]
    private static partial void LogLostAtShutdown(ILogger logger, int count, string what);
}
