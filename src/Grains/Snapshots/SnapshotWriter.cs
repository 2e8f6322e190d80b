using Asteroid.Database;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Asteroid.Snapshots;

/// <summary>Collects snapshots from every mount grain of this silo and writes them with one binary
/// COPY per batch — not one round trip per mount per poll. A snapshot never waits: when the queue
/// is full it is dropped and counted.</summary>
public sealed class SnapshotWriter(NpgsqlDataSource db, TimeProvider time, ILogger<SnapshotWriter> logger)
    : BufferedWriter<ListenerSnapshot>(Capacity, 10_000, TimeSpan.FromSeconds(1), time, logger)
{
    public const int Capacity = 200_000;

    protected override string What => "listener snapshots";

    public void Enqueue(ListenerSnapshot snapshot) => TryEnqueue(snapshot);

    protected override string Describe(ListenerSnapshot s) => $"snapshot of {s.ServerId}{s.Mount} at {s.At:O}";

    protected override async Task WriteBatchAsync(IReadOnlyList<ListenerSnapshot> batch, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY listener_snapshots (at, server_id, mount, listeners) FROM STDIN (FORMAT BINARY)", ct);
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
}
