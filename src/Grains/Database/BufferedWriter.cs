using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Asteroid.Database;

/// <summary>A per-silo bounded queue in front of PostgreSQL, written in batches: at most once per
/// flush interval, or as soon as a batch is full. A failed batch is kept and retried with back-off
/// (PostgreSQL down means waiting, not losing). When the queue is full, <see cref="EnqueueAsync"/>
/// makes callers wait up to a timeout (back-pressure) and <see cref="TryEnqueue"/> refuses; either
/// way a refused item is counted and logged with what it was. On shutdown the queue is flushed.
/// <para>A batch that fails with an error of its data rather than of the infrastructure
/// (<see cref="IsPoison"/>: a value out of range, a PostgreSQL data or constraint error) is written
/// in halves down to single items, so the good items go through; an item that still fails alone
/// after <see cref="BufferedWriterLimits.PoisonAttempts"/> tries is parked (dead-lettered): logged
/// with its description and cause, counted in <c>asteroid_buffer_dead_letters_total</c>, and
/// dropped, so no single bad record blocks the queue. Infrastructure errors (PostgreSQL down, a silo
/// leaving) keep the whole batch and retry it with back-off, losing nothing.</para></summary>
public abstract partial class BufferedWriter<T>(int capacity, int maxBatch, TimeSpan flushInterval, TimeProvider time, ILogger logger)
    : BackgroundService
{
    private readonly Channel<T> _queue = Channel.CreateBounded<T>(
        new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
    private long _written;
    private long _dropped;
    private long _deadLettered;
    private int _inBatch;

    public long Written => Interlocked.Read(ref _written);

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Items parked after failing on their own (see <see cref="IsPoison"/>).</summary>
    public long DeadLettered => Interlocked.Read(ref _deadLettered);

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

    /// <summary>Whether a failure is caused by the items written (so retrying the same items can never
    /// succeed) rather than by PostgreSQL or the cluster being unavailable. Only such failures lead to
    /// splitting a batch and, for an item failing alone, to parking it. Unknown errors count as
    /// infrastructure: waiting loses nothing, parking would.</summary>
    protected virtual bool IsPoison(Exception exception) => exception switch
    {
        AggregateException { InnerExceptions.Count: 1 } aggregate => IsPoison(aggregate.InnerExceptions[0]),
        Npgsql.PostgresException postgres => postgres.SqlState.StartsWith("22", StringComparison.Ordinal) // data exception (out of range, bad value)
            || postgres.SqlState.StartsWith("23", StringComparison.Ordinal),                              // integrity constraint
        Npgsql.NpgsqlException or TimeoutException or IOException or System.Net.Sockets.SocketException or OperationCanceledException => false,
        Orleans.Runtime.OrleansException => false, // silo unavailable, message rejected: the cluster, not the item
        ArgumentException or OverflowException or FormatException or InvalidCastException or IndexOutOfRangeException
            or KeyNotFoundException or NullReferenceException or ArithmeticException => true,
        _ => false,
    };

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

            if (_lastFailureWasPoison && await IsolateAsync(batch, stoppingToken))
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

    private bool _lastFailureWasPoison;

    private async Task<bool> TryWriteAsync(List<T> batch, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return true;
        }

        var failure = await WriteOnceAsync(batch, ct);
        if (failure is null)
        {
            batch.Clear();
            Volatile.Write(ref _inBatch, 0);
            return true;
        }

        _lastFailureWasPoison = failure is not OperationCanceledException && IsPoison(failure);
        if (failure is not OperationCanceledException)
        {
            // Whatever failed (PostgreSQL away, or a grain call rejected while a silo dies, for the
            // aggregation feed), the batch stays queued and is retried: an exception escaping here
            // would stop the writer's background service, and with it the whole host.
            LogWriteFailed(logger, failure, batch.Count, What, Pending);
        }

        return false;
    }

    /// <summary>Writes a batch that failed because of its data in halves, down to single items, and
    /// parks the items that fail alone. Stops (keeping what is left in <paramref name="batch"/>) at
    /// an infrastructure error; true when everything was written or parked.</summary>
    private async Task<bool> IsolateAsync(List<T> batch, CancellationToken ct)
    {
        var items = batch.ToArray();
        var handled = new bool[items.Length];
        var segments = new Stack<(int Start, int Count)>();
        PushHalves(segments, 0, items.Length);
        try
        {
            while (segments.TryPop(out var segment))
            {
                var part = new ArraySegment<T>(items, segment.Start, segment.Count);
                var failure = await WriteOnceAsync(part, ct);
                if (failure is not null && segment.Count == 1)
                {
                    for (var attempt = 1; failure is not null && attempt < BufferedWriterLimits.PoisonAttempts && IsPoison(failure); attempt++)
                    {
                        failure = await WriteOnceAsync(part, ct);
                    }

                    if (failure is not null && IsPoison(failure))
                    {
                        DeadLetter(items[segment.Start], failure);
                        failure = null;
                    }
                }

                if (failure is null)
                {
                    Array.Fill(handled, true, segment.Start, segment.Count);
                }
                else if (IsPoison(failure))
                {
                    PushHalves(segments, segment.Start, segment.Count);
                }
                else
                {
                    if (failure is not OperationCanceledException)
                    {
                        LogWriteFailed(logger, failure, segment.Count, What, Pending);
                    }

                    return false;
                }
            }

            return true;
        }
        finally
        {
            var left = items.Where((_, i) => !handled[i]).ToList();
            batch.Clear();
            batch.AddRange(left);
            Volatile.Write(ref _inBatch, batch.Count);
        }
    }

    private static void PushHalves(Stack<(int Start, int Count)> segments, int start, int count)
    {
        var first = count / 2;
        segments.Push((start + first, count - first)); // popped second: order is kept
        if (first > 0)
        {
            segments.Push((start, first));
        }
    }

    /// <summary>One write; the failure, or null when written.</summary>
    private async Task<Exception?> WriteOnceAsync(IReadOnlyList<T> items, CancellationToken ct)
    {
        try
        {
            var started = time.GetTimestamp();
            await WriteBatchAsync(items, ct);
            Observability.AsteroidMetrics.DatabaseWrite.Record(time.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("writer", What));
            Interlocked.Add(ref _written, items.Count);
            return null;
        }
        catch (OperationCanceledException ex) when (ct.IsCancellationRequested)
        {
            return ex;
        }
        catch (Exception ex)
        {
            Observability.AsteroidMetrics.WriteFailures.Add(1, new KeyValuePair<string, object?>("writer", What));
            return ex;
        }
    }

    private void DeadLetter(T item, Exception cause)
    {
        var count = Interlocked.Increment(ref _deadLettered);
        Observability.AsteroidMetrics.DeadLetters.Add(1, new KeyValuePair<string, object?>("buffer", What));
        LogDeadLettered(logger, cause, What, Describe(item), BufferedWriterLimits.PoisonAttempts, count);
    }

    private void OnDropped(T item)
    {
        var dropped = Interlocked.Increment(ref _dropped);
        Observability.AsteroidMetrics.BufferDropped.Add(1, new KeyValuePair<string, object?>("buffer", What));
        LogDropped(logger, What, capacity, Describe(item), dropped);
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Warning, Message = "Writing {Count} {What} failed; they stay queued ({Pending} more waiting) and are retried")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count, string what, int pending);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Error, Message = "Queue of {What} full ({Capacity}): dropped {Item} ({Dropped} dropped so far). Is PostgreSQL down?")]
    private static partial void LogDropped(ILogger logger, string what, int capacity, string item, long dropped);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Error, Message = "Parked one of the {What}: {Item} failed on its own {Attempts} times with an error of its data; it is dropped so the queue moves on ({Count} parked so far)")]
    private static partial void LogDeadLettered(ILogger logger, Exception exception, string what, string item, int attempts, long count);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Error, Message = "Shutdown: {Count} {What} could not be written before the host stopped")]
    private static partial void LogLostAtShutdown(ILogger logger, int count, string what);
}

/// <summary>Limits shared by the write buffers.</summary>
public static class BufferedWriterLimits
{
    /// <summary>Tries of an item written alone, failing with an error of its data, before it is parked.</summary>
    public const int PoisonAttempts = 3;
}
