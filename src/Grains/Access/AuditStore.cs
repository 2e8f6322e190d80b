using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Asteroid.Access;

/// <summary>The <c>audit_log</c> table (migration 0014).</summary>
public sealed class AuditStore(NpgsqlDataSource db, TimeProvider time, IOptions<AuditOptions> options)
{
    /// <summary>Writes one entry. The INSERT commits on its own; a failure of Npgsql while it returns the
    /// connection to the pool afterwards ("already in state 'Executing'", npgsql#6386, seen rarely under
    /// load) cannot undo it, so it does not fail a change that was made and recorded.</summary>
    public async Task WriteAsync(AuditRecord record)
    {
        var connection = await db.OpenConnectionAsync();
        try
        {
            await InsertAsync(connection, record);
        }
        finally
        {
            try
            {
                await connection.DisposeAsync();
            }
            catch (NpgsqlOperationInProgressException)
            {
                // The connector is discarded by the pool; the entry is written (or the INSERT's own error propagates).
            }
        }
    }

    private async Task InsertAsync(NpgsqlConnection connection, AuditRecord record)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO audit_log (at, actor, actor_kind, action, target, before, after) VALUES (@at, @actor, @kind, @action, @target, @before, @after)", connection);
        command.Parameters.AddWithValue("at", time.GetUtcNow().UtcDateTime);
        command.Parameters.AddWithValue("actor", record.Actor);
        command.Parameters.AddWithValue("kind", record.ActorKind);
        command.Parameters.AddWithValue("action", record.Action);
        command.Parameters.AddWithValue("target", record.Target);
        command.Parameters.Add(new NpgsqlParameter("before", NpgsqlDbType.Jsonb) { Value = (object?)record.BeforeJson ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("after", NpgsqlDbType.Jsonb) { Value = (object?)record.AfterJson ?? DBNull.Value });
        await command.ExecuteNonQueryAsync();
    }

    public async Task<IReadOnlyList<AuditRecord>> ReadAsync(int limit, long? before)
    {
        await using var command = db.CreateCommand(
            "SELECT id, at, actor, actor_kind, action, target, before::text, after::text FROM audit_log WHERE (@before::bigint IS NULL OR id < @before) ORDER BY id DESC LIMIT @limit");
        command.Parameters.Add(new NpgsqlParameter("before", NpgsqlDbType.Bigint) { Value = before is { } b ? b : DBNull.Value });
        command.Parameters.AddWithValue("limit", limit);
        var records = new List<AuditRecord>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            records.Add(new AuditRecord(reader.GetInt64(0), new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        return records;
    }

    /// <summary>Deletes entries older than <c>Audit:Days</c>; returns how many.</summary>
    public async Task<int> PruneAsync(CancellationToken ct)
    {
        await using var command = db.CreateCommand("DELETE FROM audit_log WHERE at < @cutoff");
        command.Parameters.AddWithValue("cutoff", time.GetUtcNow().AddDays(-options.Value.Days).UtcDateTime);
        return await command.ExecuteNonQueryAsync(ct);
    }
}
