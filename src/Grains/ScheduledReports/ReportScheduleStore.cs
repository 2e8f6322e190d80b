using System.Text.Json;
using Asteroid.Alerts;
using Asteroid.Servers;
using Npgsql;
using NpgsqlTypes;

namespace Asteroid.ScheduledReports;

/// <summary>A run waiting to be built, claimed by one builder for the lease.</summary>
public sealed record class RunToBuild(long Id, string ScheduleId, string Trigger, ReportPeriod Period, int Attempts);

/// <summary>The report tables (migration 0019): schedules (webhook secrets protected with the host's
/// <see cref="ISecretProtector"/>), runs (unique per scheduled period) and their files. A built run's
/// deliveries are queued in the alert delivery queue (<see cref="AlertStore.InsertDeliveriesAsync"/>)
/// in the same transaction that stores its report.</summary>
public sealed class ReportScheduleStore(NpgsqlDataSource db, AlertStore alerts, ISecretProtector secrets)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<ReportSchedule>> ListAsync(CancellationToken ct = default)
    {
        await using var command = db.CreateCommand("SELECT body::text, active_since, updated_at FROM report_schedules ORDER BY id");
        var schedules = new List<ReportSchedule>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            schedules.Add(Read(reader));
        }

        return schedules;
    }

    public async Task<ReportSchedule?> GetAsync(string id, CancellationToken ct = default)
    {
        await using var command = db.CreateCommand("SELECT body::text, active_since, updated_at FROM report_schedules WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    /// <summary>Stores the schedule (secrets protected); true when it is new.</summary>
    public async Task<bool> PutAsync(ReportSchedule schedule, CancellationToken ct = default)
    {
        var stored = schedule with
        {
            Deliveries = [.. schedule.Deliveries.Select(d => d.Secret is null || secrets.IsProtected(d.Secret) ? d : d with { Secret = secrets.Protect(d.Secret) })],
            ActiveSince = default,
            UpdatedAt = default,
        };
        await using var command = db.CreateCommand(
            """
            INSERT INTO report_schedules (id, body, active_since, updated_at) VALUES (@id, @body, @since, @at)
            ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body, active_since = EXCLUDED.active_since, updated_at = EXCLUDED.updated_at
            RETURNING (xmax = 0)
            """);
        command.Parameters.AddWithValue("id", schedule.Id);
        command.Parameters.Add(new NpgsqlParameter("body", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(stored, Json) });
        command.Parameters.AddWithValue("since", schedule.ActiveSince.UtcDateTime);
        command.Parameters.AddWithValue("at", schedule.UpdatedAt.UtcDateTime);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Deletes the schedule with its runs, their files and their deliveries (pending ones are not sent).</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken ct = default)
    {
        await using var command = db.CreateCommand("DELETE FROM report_schedules WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteNonQueryAsync(ct) > 0;
    }

    /// <summary>Creates a run to build. A scheduled run of a period that already has one is not
    /// created (null): the unique index is what makes a period sent at most once.</summary>
    public async Task<long?> TryCreateRunAsync(string scheduleId, string trigger, ReportPeriod period, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var command = db.CreateCommand(
            """
            INSERT INTO report_runs (schedule_id, trigger, period, period_from, period_to, status, created_at)
            VALUES (@schedule, @trigger, @period, @from, @to, 'building', @now)
            ON CONFLICT (schedule_id, period, period_from) WHERE trigger = 'scheduled' DO NOTHING
            RETURNING id
            """);
        command.Parameters.AddWithValue("schedule", scheduleId);
        command.Parameters.AddWithValue("trigger", trigger);
        command.Parameters.AddWithValue("period", period.Kind);
        command.Parameters.AddWithValue("from", period.From);
        command.Parameters.AddWithValue("to", period.To);
        command.Parameters.AddWithValue("now", now.UtcDateTime);
        try
        {
            return await command.ExecuteScalarAsync(ct) is long id ? id : null;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            return null; // the schedule was deleted meanwhile
        }
    }

    /// <summary>Claims up to <paramref name="max"/> runs still to build (new, or whose builder died:
    /// lease over) for <paramref name="lease"/>.</summary>
    public async Task<IReadOnlyList<RunToBuild>> ClaimBuildingAsync(int max, TimeSpan lease, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var command = db.CreateCommand(
            """
            WITH due AS (
                SELECT id FROM report_runs
                WHERE status = 'building' AND (leased_until IS NULL OR leased_until < @now)
                ORDER BY id LIMIT @max FOR UPDATE SKIP LOCKED)
            UPDATE report_runs r SET leased_until = @until FROM due WHERE r.id = due.id
            RETURNING r.id, r.schedule_id, r.trigger, r.period, r.period_from, r.period_to, r.attempts
            """);
        command.Parameters.AddWithValue("now", now.UtcDateTime);
        command.Parameters.AddWithValue("until", (now + lease).UtcDateTime);
        command.Parameters.AddWithValue("max", max);
        var runs = new List<RunToBuild>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            runs.Add(new RunToBuild(reader.GetInt64(0), reader.GetString(1), reader.GetString(2),
                new ReportPeriod(reader.GetString(3), reader.GetFieldValue<DateOnly>(4), reader.GetFieldValue<DateOnly>(5)), reader.GetInt32(6)));
        }

        return runs.OrderBy(r => r.Id).ToList();
    }

    /// <summary>Stores a built report and, in the same transaction, queues one delivery per target of
    /// the schedule: the run is then <c>queued</c>. A builder that dies before the commit leaves the run
    /// to be built again; after it, nothing is built or queued twice.</summary>
    public async Task CompleteRunAsync(long runId, ReportSchedule schedule, BuiltReport report, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var update = new NpgsqlCommand(
            """
            UPDATE report_runs SET status = 'queued', leased_until = NULL, attempts = attempts + 1, error = NULL,
                   subject = @subject, body = @body, payload = @payload
            WHERE id = @id AND status = 'building'
            """, connection, tx))
        {
            update.Parameters.AddWithValue("id", runId);
            update.Parameters.AddWithValue("subject", report.Subject);
            update.Parameters.AddWithValue("body", report.Text);
            update.Parameters.Add(new NpgsqlParameter("payload", NpgsqlDbType.Jsonb) { Value = report.Payload });
            if (await update.ExecuteNonQueryAsync(ct) == 0)
            {
                return; // already completed (or deleted) by another builder whose lease had run out
            }
        }

        for (var i = 0; i < report.Files.Count; i++)
        {
            var file = report.Files[i];
            await using var insert = new NpgsqlCommand(
                "INSERT INTO report_files (run_id, position, name, content_type, content, truncated) VALUES (@run, @position, @name, @type, @content, @truncated)", connection, tx);
            insert.Parameters.AddWithValue("run", runId);
            insert.Parameters.AddWithValue("position", i);
            insert.Parameters.AddWithValue("name", file.Name);
            insert.Parameters.AddWithValue("type", file.ContentType);
            insert.Parameters.AddWithValue("content", file.Content);
            insert.Parameters.AddWithValue("truncated", file.Truncated);
            await insert.ExecuteNonQueryAsync(ct);
        }

        await alerts.InsertDeliveriesAsync(connection, tx, schedule.Id, null, runId, schedule.Deliveries, now, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>A build that failed: built again after <paramref name="retryAt"/>, or <c>failed</c> when null.</summary>
    public async Task FailBuildAsync(long runId, string error, DateTimeOffset? retryAt, CancellationToken ct = default)
    {
        await using var command = db.CreateCommand(
            """
            UPDATE report_runs SET attempts = attempts + 1, error = @error,
                   status = CASE WHEN @retry::timestamptz IS NULL THEN 'failed' ELSE status END, leased_until = @retry
            WHERE id = @id AND status = 'building'
            """);
        command.Parameters.AddWithValue("id", runId);
        command.Parameters.AddWithValue("error", error.Length <= 1024 ? error : error[..1024]);
        command.Parameters.Add(new NpgsqlParameter("retry", NpgsqlDbType.TimestampTz) { Value = retryAt is { } r ? r.UtcDateTime : DBNull.Value });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The runs of a schedule, newest first, with their files (names and sizes) and deliveries.</summary>
    public async Task<IReadOnlyList<ReportRun>> RunsAsync(string scheduleId, int limit, CancellationToken ct = default)
    {
        await using var command = db.CreateCommand(
            """
            SELECT r.id, r.schedule_id, r.trigger, r.period, r.period_from, r.period_to, r.status, r.created_at, r.subject, r.error,
                   coalesce((SELECT jsonb_agg(jsonb_build_object('name', f.name, 'bytes', length(f.content), 'truncated', f.truncated) ORDER BY f.position)
                             FROM report_files f WHERE f.run_id = r.id), '[]')::text
            FROM report_runs r WHERE r.schedule_id = @schedule ORDER BY r.id DESC LIMIT @limit
            """);
        command.Parameters.AddWithValue("schedule", scheduleId);
        command.Parameters.AddWithValue("limit", limit);
        var runs = new List<ReportRun>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                runs.Add(new ReportRun(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateOnly>(4),
                    reader.GetFieldValue<DateOnly>(5), reader.GetString(6), Utc(reader.GetDateTime(7)), reader.IsDBNull(8) ? null : reader.GetString(8),
                    reader.IsDBNull(9) ? null : reader.GetString(9), JsonSerializer.Deserialize<List<ReportFileInfo>>(reader.GetString(10), Json) ?? [], []));
            }
        }

        if (runs.Count == 0)
        {
            return runs;
        }

        var deliveries = (await alerts.RunDeliveriesAsync([.. runs.Select(r => r.Id)], ct)).ToLookup(d => d.EventId);
        return [.. runs.Select(r => r with { Deliveries = [.. deliveries[r.Id]] })];
    }

    /// <summary>Deletes runs created before <paramref name="cutoff"/> (files and deliveries with them), except those with a delivery still pending
    /// and each schedule's newest scheduled run: its unique row is what keeps the period it sent from being sent again.</summary>
    public async Task<int> PruneAsync(DateTimeOffset cutoff, CancellationToken ct = default)
    {
        await using var command = db.CreateCommand(
            """
            DELETE FROM report_runs r WHERE r.created_at < @cutoff AND r.status <> 'building'
              AND NOT EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.run_id = r.id AND d.status = 'pending')
              AND r.id <> (SELECT max(n.id) FROM report_runs n WHERE n.schedule_id = r.schedule_id AND n.trigger = 'scheduled')
            """);
        command.Parameters.AddWithValue("cutoff", cutoff.UtcDateTime);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static ReportSchedule Read(NpgsqlDataReader reader) =>
        JsonSerializer.Deserialize<ReportSchedule>(reader.GetString(0), Json)! with { ActiveSince = Utc(reader.GetDateTime(1)), UpdatedAt = Utc(reader.GetDateTime(2)) };

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
