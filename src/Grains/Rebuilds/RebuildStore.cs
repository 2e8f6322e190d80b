using Asteroid.Analytics;
using Asteroid.Reports;
using Npgsql;
using NpgsqlTypes;

namespace Asteroid.Rebuilds;

/// <summary>One scope's pending rebuild (<c>scope_rebuilds</c>): days <see cref="FirstDay"/> to
/// <see cref="LastDay"/>, of which those before <see cref="NextDay"/> are done.</summary>
public sealed record class RebuildJob(Scope Scope, DateOnly FirstDay, DateOnly LastDay, DateOnly NextDay, bool FirstSeenDone, DateTime RequestedAt)
{
    public RebuildProgress Progress => new(Math.Max(0, NextDay.DayNumber - FirstDay.DayNumber), LastDay.DayNumber - FirstDay.DayNumber + 1);
}

/// <summary>SQL of the rebuild jobs, and of what a rebuild reads and replaces beyond the raw
/// sessions: the members' mount day rows and first-seen listeners.</summary>
public sealed class RebuildStore(NpgsqlDataSource db)
{
    /// <summary>Asks for days <paramref name="first"/> .. <paramref name="last"/> of a scope to be
    /// rebuilt; a rebuild already under way widens to both ranges and starts again from its first day
    /// (what it did may have used the old grouping).</summary>
    public async Task RequestAsync(Scope scope, DateOnly first, DateOnly last, CancellationToken ct)
    {
        await using var command = db.CreateCommand("""
            INSERT INTO scope_rebuilds AS r (scope, first_day, last_day, next_day, first_seen_done, requested_at)
            VALUES (@scope, @first, @last, @first, false, clock_timestamp())
            ON CONFLICT (scope) DO UPDATE SET first_day = least(r.first_day, excluded.first_day), last_day = greatest(r.last_day, excluded.last_day),
                next_day = least(r.first_day, excluded.first_day), first_seen_done = false, requested_at = clock_timestamp()
            """);
        command.Parameters.AddWithValue("scope", scope.ToString());
        command.Parameters.AddWithValue("first", first);
        command.Parameters.AddWithValue("last", last < first ? first : last);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task CancelAsync(Scope scope, CancellationToken ct)
    {
        await using var command = db.CreateCommand("DELETE FROM scope_rebuilds WHERE scope = @scope");
        command.Parameters.AddWithValue("scope", scope.ToString());
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<List<RebuildJob>> ListAsync(CancellationToken ct)
    {
        await using var command = db.CreateCommand(
            "SELECT scope, first_day, last_day, next_day, first_seen_done, requested_at FROM scope_rebuilds ORDER BY requested_at");
        var jobs = new List<RebuildJob>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            jobs.Add(new RebuildJob(Scope.Parse(reader.GetString(0)), reader.GetFieldValue<DateOnly>(1), reader.GetFieldValue<DateOnly>(2),
                reader.GetFieldValue<DateOnly>(3), reader.GetBoolean(4), reader.GetDateTime(5)));
        }

        return jobs;
    }

    /// <summary>Records progress unless the job was asked for again meanwhile (then it starts over);
    /// the job is removed once <paramref name="next"/> is past its last day. False when the job changed.</summary>
    public async Task<bool> AdvanceAsync(RebuildJob job, DateOnly next, bool firstSeenDone, CancellationToken ct)
    {
        await using var command = db.CreateCommand(next > job.LastDay
            ? "DELETE FROM scope_rebuilds WHERE scope = @scope AND requested_at = @requested"
            : "UPDATE scope_rebuilds SET next_day = @next, first_seen_done = @seen WHERE scope = @scope AND requested_at = @requested");
        command.Parameters.AddWithValue("scope", job.Scope.ToString());
        command.Parameters.AddWithValue("requested", NpgsqlDbType.TimestampTz, job.RequestedAt);
        command.Parameters.AddWithValue("next", next);
        command.Parameters.AddWithValue("seen", firstSeenDone);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>From when (Unix seconds) the raw log is complete: retention deletes sessions that
    /// ended before its cut-off, so every remaining session ended at or after it, and a day that starts
    /// at or after the earliest remaining end has lost none of its sessions. When no mount has a day
    /// row from before that end (allowing a day for zones), nothing was deleted: the log is complete
    /// from the start. With no raw sessions at all, never. Read afresh by each caller (a rebuild job,
    /// a reconciliation run): an import changes it.</summary>
    public async Task<long> RawCompleteFromAsync(CancellationToken ct)
    {
        await using var command = db.CreateCommand(
            "SELECT (SELECT min(ended_at) FROM listener_sessions), (SELECT min(day) FROM daily_stats WHERE scope LIKE 'mount:%')");
        command.CommandTimeout = 600;
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        if (reader.IsDBNull(0))
        {
            return long.MaxValue;
        }

        var earliestEnd = new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc));
        var earliestRow = reader.IsDBNull(1) ? (DateOnly?)null : reader.GetFieldValue<DateOnly>(1);
        return earliestRow is { } row && row < DateOnly.FromDateTime(earliestEnd.UtcDateTime).AddDays(-1)
            ? earliestEnd.ToUnixTimeSeconds()
            : long.MinValue;
    }

    /// <summary>The earliest day stored for the scope itself or for any of its members' mounts.</summary>
    public async Task<DateOnly?> EarliestDayAsync(Scope scope, ScopeMembers members, CancellationToken ct)
    {
        await using var command = db.CreateCommand();
        command.CommandText = $"SELECT min(day) FROM daily_stats WHERE scope = @scope OR ({members.MountScopeFilter(command)})";
        command.Parameters.AddWithValue("scope", scope.ToString());
        var value = await command.ExecuteScalarAsync(ct);
        return value is DateOnly day ? day : value is DateTime time ? DateOnly.FromDateTime(time) : null;
    }

    /// <summary>Replaces the scope's first-seen listeners (and its new-listener counts) with those
    /// of its members' mounts: a listener's first start in the scope is the earliest over its mounts.</summary>
    public async Task RebuildFirstSeenAsync(Scope scope, ScopeMembers members, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using var command = new NpgsqlCommand { Connection = connection, Transaction = tx };
        command.CommandText = $"""
            DELETE FROM listener_first_seen WHERE scope = @scope;
            DELETE FROM new_listeners WHERE scope = @scope;
            INSERT INTO listener_first_seen (scope, listener, first_start)
            SELECT @scope, listener, min(first_start) FROM listener_first_seen WHERE {members.MountScopeFilter(command)} GROUP BY listener;
            INSERT INTO new_listeners (scope, slot, listeners)
            SELECT @scope, (first_start / 900)::integer, count(*) FROM listener_first_seen WHERE scope = @scope GROUP BY 2;
            """;
        command.Parameters.AddWithValue("scope", scope.ToString());
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The members' mount day rows of one date (with breakdowns).</summary>
    public async Task<List<DayStats>> MountDaysAsync(ScopeMembers members, DateOnly date, CancellationToken ct)
    {
        await using var command = db.CreateCommand();
        command.CommandText = $"SELECT stats, listeners, breakdowns FROM daily_stats WHERE day = @day AND {members.MountScopeFilter(command)}";
        command.Parameters.AddWithValue("day", date);
        var days = new List<DayStats>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            days.Add(DayStatsCodec.FromStorage(reader.GetString(0), reader.GetString(2), reader.GetFieldValue<byte[]>(1)));
        }

        return days;
    }

    /// <summary>The members' mount geo rows of one date.</summary>
    public async Task<List<GeoDay>> MountGeoDaysAsync(ScopeMembers members, DateOnly date, CancellationToken ct)
    {
        await using var command = db.CreateCommand();
        command.CommandText = $"SELECT cells FROM geo_stats WHERE day = @day AND {members.MountScopeFilter(command)}";
        command.Parameters.AddWithValue("day", date);
        var days = new List<GeoDay>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            days.Add(GeoDay.FromJson(date, reader.GetString(0)));
        }

        return days;
    }
}
