using System.Text.Json;
using Asteroid.Servers;
using Npgsql;
using NpgsqlTypes;

namespace Asteroid.Alerts;

/// <summary>A delivery claimed for sending: the alert it carries (<see cref="Event"/>) or the report
/// run (<see cref="Report"/>), where it goes; <see cref="SecretError"/> says why its stored secret could
/// not be read (the key ring changed, or the row was tampered with): it is then failed, not sent.</summary>
public sealed record class DueDelivery(long Id, AlertEvent? Event, string Channel, string Target, string? Secret, string? Preset, int Attempts, DateTimeOffset CreatedAt,
    string? SecretError = null, ReportMessage? Report = null)
{
    /// <summary>The alert rule or report schedule the delivery belongs to.</summary>
    public string Owner => Event?.RuleId ?? Report?.ScheduleId ?? "";
}

/// <summary>What a report run's delivery sends: the mail subject and text, the webhook body's JSON
/// (without the files) and the attachments.</summary>
public sealed record class ReportMessage(long RunId, string ScheduleId, string Subject, string Text, string Payload, IReadOnlyList<ReportFile> Files);

/// <summary>One attachment of a report run (a CSV, at most <c>ScheduledReports:MaxAttachmentBytes</c>).</summary>
public sealed record class ReportFile(string Name, string ContentType, byte[] Content, bool Truncated);

/// <summary>The alert tables (migration 0018): rules (webhook secrets protected with the host's
/// <see cref="ISecretProtector"/>), per-subject state, fired alerts, deliveries and their attempts.</summary>
public sealed class AlertStore(NpgsqlDataSource db, ISecretProtector secrets, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<AlertRule>> ListRulesAsync(CancellationToken ct = default)
    {
        await using var command = db.CreateCommand("SELECT body::text, updated_at FROM alert_rules ORDER BY id");
        var rules = new List<AlertRule>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rules.Add(Read(reader.GetString(0), reader.GetDateTime(1)));
        }

        return rules;
    }

    public async Task<AlertRule?> GetRuleAsync(string id, CancellationToken ct = default)
    {
        await using var command = db.CreateCommand("SELECT body::text, updated_at FROM alert_rules WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader.GetString(0), reader.GetDateTime(1)) : null;
    }

    /// <summary>Stores the rule (secrets protected); true when it is new. A changed rule starts its
    /// subjects' state afresh (a new forSeconds or scope is a new condition).</summary>
    public async Task<bool> PutRuleAsync(AlertRule rule, CancellationToken ct = default)
    {
        var stored = rule with { Deliveries = [.. rule.Deliveries.Select(d => d.Secret is null || secrets.IsProtected(d.Secret) ? d : d with { Secret = secrets.Protect(d.Secret) })] };
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO alert_rules (id, body, updated_at) VALUES (@id, @body, @at)
            ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body, updated_at = EXCLUDED.updated_at
            RETURNING (xmax = 0)
            """, connection, tx);
        command.Parameters.AddWithValue("id", rule.Id);
        command.Parameters.Add(new NpgsqlParameter("body", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(stored with { UpdatedAt = default }, Json) });
        command.Parameters.AddWithValue("at", rule.UpdatedAt.UtcDateTime);
        var created = (bool)(await command.ExecuteScalarAsync(ct))!;
        await using (var reset = new NpgsqlCommand("DELETE FROM alert_state WHERE rule_id = @id AND phase <> 'Firing'", connection, tx))
        {
            reset.Parameters.AddWithValue("id", rule.Id);
            await reset.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        return created;
    }

    public async Task<bool> DeleteRuleAsync(string id, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var cancel = new NpgsqlCommand("UPDATE alert_deliveries SET status = 'failed', next_attempt_at = NULL WHERE rule_id = @id AND event_id IS NOT NULL AND status = 'pending'", connection, tx))
        {
            cancel.Parameters.AddWithValue("id", id);
            await cancel.ExecuteNonQueryAsync(ct);
        }

        await using var command = new NpgsqlCommand("DELETE FROM alert_rules WHERE id = @id", connection, tx);
        command.Parameters.AddWithValue("id", id);
        var deleted = await command.ExecuteNonQueryAsync(ct) > 0;
        await tx.CommitAsync(ct);
        return deleted;
    }

    public async Task<Dictionary<(string Rule, string Subject), TrackedSubject>> LoadStateAsync(CancellationToken ct = default)
    {
        await using var command = db.CreateCommand("SELECT rule_id, subject, phase, since, last_fired_at FROM alert_state");
        var states = new Dictionary<(string, string), TrackedSubject>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            states[(reader.GetString(0), reader.GetString(1))] = new TrackedSubject(Enum.Parse<AlertPhase>(reader.GetString(2)),
                reader.IsDBNull(3) ? null : Utc(reader.GetDateTime(3)), reader.IsDBNull(4) ? null : Utc(reader.GetDateTime(4)));
        }

        return states;
    }

    /// <summary>Saves a subject's new state and, in the same transaction, the alert it fired or
    /// resolved (when <paramref name="alert"/> is set) with one pending delivery per target: a restart
    /// after the commit neither repeats the alert nor loses its deliveries.</summary>
    public async Task<AlertEvent?> RecordAsync(AlertRule rule, string subject, TrackedSubject state, AlertEvent? alert, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var save = new NpgsqlCommand(state == TrackedSubject.Idle
            ? "DELETE FROM alert_state WHERE rule_id = @rule AND subject = @subject"
            : """
              INSERT INTO alert_state (rule_id, subject, phase, since, last_fired_at) VALUES (@rule, @subject, @phase, @since, @fired)
              ON CONFLICT (rule_id, subject) DO UPDATE SET phase = EXCLUDED.phase, since = EXCLUDED.since, last_fired_at = EXCLUDED.last_fired_at
              """, connection, tx))
        {
            save.Parameters.AddWithValue("rule", rule.Id);
            save.Parameters.AddWithValue("subject", subject);
            save.Parameters.AddWithValue("phase", state.Phase.ToString());
            save.Parameters.Add(new NpgsqlParameter("since", NpgsqlDbType.TimestampTz) { Value = state.Since is { } s ? s.UtcDateTime : DBNull.Value });
            save.Parameters.Add(new NpgsqlParameter("fired", NpgsqlDbType.TimestampTz) { Value = state.LastFiredAt is { } f ? f.UtcDateTime : DBNull.Value });
            try
            {
                await save.ExecuteNonQueryAsync(ct);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
            {
                return null; // the rule was deleted meanwhile
            }
        }

        var recorded = alert is null ? null : await InsertEventAsync(connection, tx, rule, alert, ct);
        await tx.CommitAsync(ct);
        return recorded;
    }

    /// <summary>A test alert with its deliveries.</summary>
    public async Task<AlertEvent> RecordTestAsync(AlertRule rule, AlertEvent alert, CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var recorded = await InsertEventAsync(connection, tx, rule, alert, ct);
        await tx.CommitAsync(ct);
        return recorded;
    }

    private async Task<AlertEvent> InsertEventAsync(NpgsqlConnection connection, NpgsqlTransaction tx, AlertRule rule, AlertEvent alert, CancellationToken ct)
    {
        long id;
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO alert_events (rule_id, kind, scope, subject, server, mount, state, at, since, summary, value)
            VALUES (@rule, @kind, @scope, @subject, @server, @mount, @state, @at, @since, @summary, @value) RETURNING id
            """, connection, tx))
        {
            insert.Parameters.AddWithValue("rule", alert.RuleId);
            insert.Parameters.AddWithValue("kind", alert.Kind);
            insert.Parameters.AddWithValue("scope", alert.Scope);
            insert.Parameters.AddWithValue("subject", alert.Subject);
            insert.Parameters.Add(new NpgsqlParameter("server", NpgsqlDbType.Text) { Value = (object?)alert.Server ?? DBNull.Value });
            insert.Parameters.Add(new NpgsqlParameter("mount", NpgsqlDbType.Text) { Value = (object?)alert.Mount ?? DBNull.Value });
            insert.Parameters.AddWithValue("state", alert.State);
            insert.Parameters.AddWithValue("at", alert.At.UtcDateTime);
            insert.Parameters.Add(new NpgsqlParameter("since", NpgsqlDbType.TimestampTz) { Value = alert.Since is { } s ? s.UtcDateTime : DBNull.Value });
            insert.Parameters.AddWithValue("summary", alert.Summary);
            insert.Parameters.Add(new NpgsqlParameter("value", NpgsqlDbType.Double) { Value = alert.Value is { } v ? v : DBNull.Value });
            id = (long)(await insert.ExecuteScalarAsync(ct))!;
        }

        await InsertDeliveriesAsync(connection, tx, rule.Id, id, null, rule.Deliveries, alert.At, ct);
        return alert with { Id = id };
    }

    /// <summary>Queues one pending delivery per target, of an alert (<paramref name="eventId"/>) or of a
    /// report run (<paramref name="runId"/>), in the caller's transaction; secrets stored protected.</summary>
    public async Task InsertDeliveriesAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string ownerId, long? eventId, long? runId,
        IReadOnlyList<AlertDeliveryTarget> targets, DateTimeOffset at, CancellationToken ct)
    {
        foreach (var target in targets)
        {
            var (channel, to) = target.Webhook is { } url ? ("webhook", url.ToString()) : ("email", string.Join(",", target.Email ?? []));
            await using var delivery = new NpgsqlCommand(
                """
                INSERT INTO alert_deliveries (event_id, run_id, rule_id, channel, target, secret, preset, status, created_at, next_attempt_at)
                VALUES (@event, @run, @rule, @channel, @target, @secret, @preset, 'pending', @at, @at)
                """, connection, tx);
            delivery.Parameters.Add(new NpgsqlParameter("event", NpgsqlDbType.Bigint) { Value = eventId is { } e ? e : DBNull.Value });
            delivery.Parameters.Add(new NpgsqlParameter("run", NpgsqlDbType.Bigint) { Value = runId is { } r ? r : DBNull.Value });
            delivery.Parameters.AddWithValue("rule", ownerId);
            delivery.Parameters.AddWithValue("channel", channel);
            delivery.Parameters.AddWithValue("target", to);
            var secret = target.Secret is null ? null : secrets.IsProtected(target.Secret) ? target.Secret : secrets.Protect(target.Secret);
            delivery.Parameters.Add(new NpgsqlParameter("secret", NpgsqlDbType.Text) { Value = (object?)secret ?? DBNull.Value });
            delivery.Parameters.Add(new NpgsqlParameter("preset", NpgsqlDbType.Text) { Value = (object?)target.Preset ?? DBNull.Value });
            delivery.Parameters.AddWithValue("at", at.UtcDateTime);
            await delivery.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>The deliveries of report runs, with their attempts (<see cref="AlertDelivery.EventId"/> is the run's id).</summary>
    public async Task<IReadOnlyList<AlertDelivery>> RunDeliveriesAsync(IReadOnlyList<long> runIds, CancellationToken ct = default)
    {
        await using var command = db.CreateCommand(
            """
            SELECT d.id, d.run_id, d.rule_id, d.channel, d.target, d.status, d.attempts, d.created_at, d.next_attempt_at, d.delivered_at,
                   coalesce((SELECT jsonb_agg(jsonb_build_object('at', a.at, 'statusCode', a.status_code, 'answer', a.answer, 'error', a.error, 'seconds', a.seconds) ORDER BY a.at)
                             FROM alert_attempts a WHERE a.delivery_id = d.id), '[]')::text
            FROM alert_deliveries d WHERE d.run_id = ANY(@runs) ORDER BY d.id
            """);
        command.Parameters.AddWithValue("runs", runIds.ToArray());
        return await ReadDeliveriesAsync(command, ct);
    }

    private static async Task<IReadOnlyList<AlertDelivery>> ReadDeliveriesAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var deliveries = new List<AlertDelivery>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            deliveries.Add(new AlertDelivery(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                reader.GetInt32(6), Utc(reader.GetDateTime(7)), reader.IsDBNull(8) ? null : Utc(reader.GetDateTime(8)), reader.IsDBNull(9) ? null : Utc(reader.GetDateTime(9)),
                JsonSerializer.Deserialize<List<AlertAttempt>>(reader.GetString(10), Json) ?? []));
        }

        return deliveries;
    }

    private const string EventColumns = "e.id, e.rule_id, e.kind, e.scope, e.subject, e.server, e.mount, e.state, e.at, e.since, e.summary, e.value";

    public async Task<IReadOnlyList<AlertEvent>> HistoryAsync(string? ruleId, int limit, long? before, CancellationToken ct = default)
    {
        await using var command = db.CreateCommand(
            $"SELECT {EventColumns} FROM alert_events e WHERE (@rule::text IS NULL OR e.rule_id = @rule) AND (@before::bigint IS NULL OR e.id < @before) ORDER BY e.id DESC LIMIT @limit");
        command.Parameters.Add(new NpgsqlParameter("rule", NpgsqlDbType.Text) { Value = (object?)ruleId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("before", NpgsqlDbType.Bigint) { Value = before is { } b ? b : DBNull.Value });
        command.Parameters.AddWithValue("limit", limit);
        var events = new List<AlertEvent>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            events.Add(ReadEvent(reader, 0));
        }

        return events;
    }

    public async Task<IReadOnlyList<AlertDelivery>> DeliveriesAsync(string ruleId, int limit, CancellationToken ct = default)
    {
        await using var command = db.CreateCommand(
            """
            SELECT d.id, d.event_id, d.rule_id, d.channel, d.target, d.status, d.attempts, d.created_at, d.next_attempt_at, d.delivered_at,
                   coalesce((SELECT jsonb_agg(jsonb_build_object('at', a.at, 'statusCode', a.status_code, 'answer', a.answer, 'error', a.error, 'seconds', a.seconds) ORDER BY a.at)
                             FROM alert_attempts a WHERE a.delivery_id = d.id), '[]')::text
            FROM alert_deliveries d WHERE d.rule_id = @rule AND d.event_id IS NOT NULL ORDER BY d.id DESC LIMIT @limit
            """);
        command.Parameters.AddWithValue("rule", ruleId);
        command.Parameters.AddWithValue("limit", limit);
        return await ReadDeliveriesAsync(command, ct);
    }

    /// <summary>Claims up to <paramref name="max"/> pending deliveries that are due, for <paramref name="lease"/>:
    /// no other worker takes them meanwhile; if this one dies they are due again when the lease ends.</summary>
    public async Task<IReadOnlyList<DueDelivery>> ClaimDueAsync(int max, TimeSpan lease, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var command = db.CreateCommand(
            $"""
            WITH due AS (
                SELECT id FROM alert_deliveries
                WHERE status = 'pending' AND next_attempt_at <= @now AND (leased_until IS NULL OR leased_until < @now)
                ORDER BY next_attempt_at LIMIT @max FOR UPDATE SKIP LOCKED),
            claimed AS (
                UPDATE alert_deliveries d SET leased_until = @until FROM due WHERE d.id = due.id
                RETURNING d.id, d.event_id, d.run_id, d.channel, d.target, d.secret, d.preset, d.attempts, d.created_at)
            SELECT c.id, c.channel, c.target, c.secret, c.preset, c.attempts, c.created_at, c.run_id, {EventColumns}
            FROM claimed c LEFT JOIN alert_events e ON e.id = c.event_id ORDER BY c.id
            """);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("until", now + lease);
        command.Parameters.AddWithValue("max", max);
        var due = new List<DueDelivery>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            // One row whose secret cannot be read must not stop the batch (every row is leased now).
            string? secret = null, secretError = null;
            if (!reader.IsDBNull(3))
            {
                try
                {
                    secret = secrets.Unprotect(reader.GetString(3));
                }
                catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or FormatException or ArgumentException)
                {
                    secretError = "the delivery's secret cannot be read (the data-protection key ring changed?): " + ex.Message;
                }
            }

            var runId = reader.IsDBNull(7) ? (long?)null : reader.GetInt64(7);
            due.Add(new DueDelivery(reader.GetInt64(0), runId is null ? ReadEvent(reader, 8) : null, reader.GetString(1), reader.GetString(2),
                secret, reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt32(5), Utc(reader.GetDateTime(6)), secretError,
                runId is { } run ? new ReportMessage(run, "", "", "", "", []) : null));
        }

        await reader.DisposeAsync();
        var reports = new Dictionary<long, ReportMessage>(); // the targets of one run share its files in memory
        for (var i = 0; i < due.Count; i++)
        {
            if (due[i].Report is { } stub)
            {
                if (!reports.TryGetValue(stub.RunId, out var report))
                {
                    reports[stub.RunId] = report = await LoadReportMessageAsync(stub.RunId, ct);
                }

                due[i] = due[i] with { Report = report };
            }
        }

        return due;
    }

    /// <summary>The stored report of a run (subject, text, webhook JSON, files), for its deliveries.</summary>
    private async Task<ReportMessage> LoadReportMessageAsync(long runId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        string schedule, subject, text, payload;
        await using (var run = new NpgsqlCommand("SELECT schedule_id, subject, body, payload::text FROM report_runs WHERE id = @id", connection))
        {
            run.Parameters.AddWithValue("id", runId);
            await using var reader = await run.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                throw new InvalidOperationException($"report run {runId} is gone");
            }

            (schedule, subject, text, payload) = (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3));
        }

        var files = new List<ReportFile>();
        await using (var read = new NpgsqlCommand("SELECT name, content_type, content, truncated FROM report_files WHERE run_id = @id ORDER BY position", connection))
        {
            read.Parameters.AddWithValue("id", runId);
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                files.Add(new ReportFile(reader.GetString(0), reader.GetString(1), (byte[])reader[2], reader.GetBoolean(3)));
            }
        }

        return new ReportMessage(runId, schedule, subject, text, payload, files);
    }

    /// <summary>Records an attempt and the delivery's next state: delivered, failed (given up), or
    /// pending again at <paramref name="nextAttemptAt"/>; the lease ends.</summary>
    public async Task RecordAttemptAsync(long deliveryId, AlertAttempt attempt, string status, DateTimeOffset? nextAttemptAt, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO alert_attempts (delivery_id, at, status_code, answer, error, seconds) VALUES (@id, @at, @code, @answer, @error, @seconds)", connection, tx))
        {
            insert.Parameters.AddWithValue("id", deliveryId);
            insert.Parameters.AddWithValue("at", attempt.At.UtcDateTime);
            insert.Parameters.Add(new NpgsqlParameter("code", NpgsqlDbType.Integer) { Value = attempt.StatusCode is { } c ? c : DBNull.Value });
            insert.Parameters.Add(new NpgsqlParameter("answer", NpgsqlDbType.Text) { Value = (object?)attempt.Answer ?? DBNull.Value });
            insert.Parameters.Add(new NpgsqlParameter("error", NpgsqlDbType.Text) { Value = (object?)attempt.Error ?? DBNull.Value });
            insert.Parameters.AddWithValue("seconds", attempt.Seconds);
            await insert.ExecuteNonQueryAsync(ct);
        }

        await using (var update = new NpgsqlCommand(
            """
            UPDATE alert_deliveries SET status = @status, attempts = attempts + 1, next_attempt_at = @next, leased_until = NULL,
                   delivered_at = CASE WHEN @status = 'delivered' THEN @at ELSE delivered_at END
            WHERE id = @id
            """, connection, tx))
        {
            update.Parameters.AddWithValue("id", deliveryId);
            update.Parameters.AddWithValue("status", status);
            update.Parameters.Add(new NpgsqlParameter("next", NpgsqlDbType.TimestampTz) { Value = nextAttemptAt is { } n ? n.UtcDateTime : DBNull.Value });
            update.Parameters.AddWithValue("at", attempt.At.UtcDateTime);
            await update.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
    }

    /// <summary>Deletes fired alerts older than <paramref name="cutoff"/> (their deliveries and attempts
    /// with them), except those with a delivery still pending; returns how many.</summary>
    public async Task<int> PruneAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        await using var command = db.CreateCommand(
            """
            DELETE FROM alert_events e WHERE e.at < @cutoff
              AND NOT EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.event_id = e.id AND d.status = 'pending')
            """);
        command.Parameters.AddWithValue("cutoff", cutoff.UtcDateTime);
        return await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Ends a lease without an attempt (a send cut short by shutdown).</summary>
    public async Task ReleaseAsync(long deliveryId, CancellationToken ct)
    {
        await using var command = db.CreateCommand("UPDATE alert_deliveries SET leased_until = NULL WHERE id = @id");
        command.Parameters.AddWithValue("id", deliveryId);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static AlertRule Read(string json, DateTime updatedAt) =>
        JsonSerializer.Deserialize<AlertRule>(json, Json)! with { UpdatedAt = Utc(updatedAt) };

    private static AlertEvent ReadEvent(NpgsqlDataReader reader, int o) => new(
        reader.GetInt64(o), reader.GetString(o + 1), reader.GetString(o + 2), reader.GetString(o + 3), reader.GetString(o + 4),
        reader.IsDBNull(o + 5) ? null : reader.GetString(o + 5), reader.IsDBNull(o + 6) ? null : reader.GetString(o + 6),
        reader.GetString(o + 7), Utc(reader.GetDateTime(o + 8)), reader.IsDBNull(o + 9) ? null : Utc(reader.GetDateTime(o + 9)),
        reader.GetString(o + 10), reader.IsDBNull(o + 11) ? null : reader.GetDouble(o + 11));

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
