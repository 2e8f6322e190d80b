using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Asteroid.Retention;

/// <summary>Once a day, deletes raw sessions and snapshots older than <c>Retention:RawDays</c> in
/// batches of a few thousand rows, each its own short transaction, so writers are never blocked for
/// long. Every silo runs the job; a PostgreSQL advisory lock lets one of them do the work.</summary>
public sealed partial class RetentionJob(NpgsqlDataSource db, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionJob> logger)
    : BackgroundService
{
    private const long AdvisoryLockKey = 0x4153_5452_5245_544E; // "ASTRRETN"

    private static readonly (string Table, string TimeColumn)[] RawTables =
    [
        ("listener_sessions", "ended_at"),
        ("listener_snapshots", "at"),
    ];

    /// <summary>Runs the clean-up now; returns rows deleted per table, or null if another silo holds the lock.</summary>
    public async Task<IReadOnlyDictionary<string, long>?> RunOnceAsync(CancellationToken ct)
    {
        var o = options.Value;
        var cutoff = time.GetUtcNow().AddDays(-o.RawDays);
        await using var connection = await db.OpenConnectionAsync(ct);
        await using (var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection))
        {
            tryLock.Parameters.AddWithValue("key", AdvisoryLockKey);
            if (!(bool)(await tryLock.ExecuteScalarAsync(ct))!)
            {
                return null;
            }
        }

        try
        {
            var deleted = new Dictionary<string, long>();
            foreach (var (table, column) in RawTables)
            {
                long total = 0;
                int rows;
                do
                {
                    await using var delete = new NpgsqlCommand(
                        $"DELETE FROM {table} WHERE ctid IN (SELECT ctid FROM {table} WHERE {column} < @cutoff LIMIT @batch)", connection);
                    delete.Parameters.AddWithValue("cutoff", cutoff.UtcDateTime);
                    delete.Parameters.AddWithValue("batch", o.BatchSize);
                    rows = await delete.ExecuteNonQueryAsync(ct);
                    total += rows;
                }
                while (rows == o.BatchSize);

                deleted[table] = total;
            }

            LogDeleted(o.RawDays, cutoff, deleted["listener_sessions"], deleted["listener_snapshots"]);
            return deleted;
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            unlock.Parameters.AddWithValue("key", AdvisoryLockKey);
            await unlock.ExecuteScalarAsync(CancellationToken.None);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMinutes(1), time, stoppingToken); // let start-up settle
            using var timer = new PeriodicTimer(options.Value.Interval, time);
            do
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
                {
                    LogFailed(ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 1700, Level = LogLevel.Information, Message = "Retention ({Days} days, before {Cutoff:O}): deleted {Sessions} sessions and {Snapshots} snapshots")]
    private partial void LogDeleted(int days, DateTimeOffset cutoff, long sessions, long snapshots);

    [LoggerMessage(EventId = 1701, Level = LogLevel.Warning, Message = "Retention run failed; it runs again at the next interval")]
    private partial void LogFailed(Exception exception);
}
