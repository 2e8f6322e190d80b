using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Asteroid.Snapshots;

/// <summary>Collects snapshots from every mount grain of this silo and writes them with one binary
/// COPY per batch (at most once a second, or sooner when a batch fills) — not one round trip per
/// mount per poll. While PostgreSQL is unreachable the batch is kept and retried; the queue is
/// bounded, and what overflows is counted and logged, never silently lost.</summary>
public sealed partial class SnapshotWriter(NpgsqlDataSource db, TimeProvider time, ILogger<SnapshotWriter> logger) : BackgroundService
{
    public const int Capacity = 200_000;
    private const int MaxBatch = 10_000;
    private static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    private readonly Channel<ListenerSnapshot> _queue = Channel.CreateBounded<ListenerSnapshot>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private long _dropped;
    private long _written;

    public long Written => Interlocked.Read(ref _written);

    public int Pending => _queue.Reader.Count;

    public void Enqueue(ListenerSnapshot snapshot)
    {
        if (!_queue.Writer.TryWrite(snapshot) && Interlocked.Increment(ref _dropped) % 1000 == 1)
        {
            LogDropped(Capacity, Interlocked.Read(ref _dropped));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<ListenerSnapshot>(MaxBatch);
        var failures = 0;
        while (true)
        {
            try
            {
                if (batch.Count == 0 && !await _queue.Reader.WaitToReadAsync(stoppingToken))
                {
                    return;
                }

                await Task.Delay(FlushInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break; // shutting down: flush what is queued below
            }

            Drain(batch);
            if (await TryWriteAsync(batch, stoppingToken))
            {
                failures = 0;
            }
            else
            {
                failures++;
                await DelayQuietly(TimeSpan.FromSeconds(Math.Min(30, failures * 2)), stoppingToken);
            }
        }

        Drain(batch);
        await TryWriteAsync(batch, CancellationToken.None);
    }

    private void Drain(List<ListenerSnapshot> batch)
    {
        while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var snapshot))
        {
            batch.Add(snapshot);
        }
    }

    private async Task<bool> TryWriteAsync(List<ListenerSnapshot> batch, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return true;
        }

        try
        {
            await using var connection = await db.OpenConnectionAsync(ct);
            await using (var copy = await connection.BeginBinaryImportAsync(
                "COPY listener_snapshots (at, server_id, mount, listeners) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var s in batch)
                {
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(s.At.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
                    await copy.WriteAsync(s.ServerId, NpgsqlDbType.Text, ct);
                    await copy.WriteAsync(s.Mount, NpgsqlDbType.Text, ct);
                    await copy.WriteAsync(s.Listeners, NpgsqlDbType.Integer, ct);
                }

                await copy.CompleteAsync(ct);
            }

            Interlocked.Add(ref _written, batch.Count);
            batch.Clear();
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            LogWriteFailed(ex, batch.Count);
            return false;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task DelayQuietly(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, time, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Warning, Message = "Writing {Count} listener snapshots failed; they stay queued and are retried")]
    private partial void LogWriteFailed(Exception exception, int count);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Error, Message = "Snapshot queue full ({Capacity}): {Dropped} snapshots dropped so far (PostgreSQL down for too long?)")]
    private partial void LogDropped(int capacity, long dropped);
}
