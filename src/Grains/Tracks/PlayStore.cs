using System.Text.Json;
using Asteroid.Analytics;
using Npgsql;
using NpgsqlTypes;

namespace Asteroid.Tracks;

/// <summary>SQL of the <c>plays</c> table: a play's row written as it starts, changes and ends (by
/// id), imported plays (by mount and start, idempotent), the plays of a set of mounts over a
/// period with their stored audience, and the sessions a play's audience is computed from.</summary>
public sealed class PlayStore(NpgsqlDataSource db)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Columns = """
        play_id, server_id, mount, started_at, ended_at, start_precision_seconds, end_precision_seconds, artist, title,
        album, isrc, label, duration_seconds, source
        """;

    /// <summary>Writes plays by id (a changed play overwrites its row; a changed play is no longer final).</summary>
    public async Task SaveAsync(IReadOnlyList<PlayRecord> plays, CancellationToken ct)
    {
        if (plays.Count == 0)
        {
            return;
        }

        const string sql = $"""
            INSERT INTO plays ({Columns}, track_key)
            SELECT * FROM unnest(@id, @server, @mount, @started, @ended, @startPrecision, @endPrecision, @artist, @title,
                @album, @isrc, @label, @duration, @source, @key)
            ON CONFLICT (play_id) DO UPDATE SET
                started_at = EXCLUDED.started_at, ended_at = EXCLUDED.ended_at,
                start_precision_seconds = EXCLUDED.start_precision_seconds, end_precision_seconds = EXCLUDED.end_precision_seconds,
                artist = EXCLUDED.artist, title = EXCLUDED.title, album = EXCLUDED.album, isrc = EXCLUDED.isrc, label = EXCLUDED.label,
                duration_seconds = EXCLUDED.duration_seconds, source = EXCLUDED.source, track_key = EXCLUDED.track_key,
                audience_final = false
            """;
        await RetryDeadlockAsync(async () =>
        {
            await using var command = db.CreateCommand(sql);
            AddPlays(command.Parameters, plays);
            await command.ExecuteNonQueryAsync(ct);
            return 0;
        });
    }

    /// <summary>Runs a single-statement write again when PostgreSQL aborted it as a deadlock (40P01): an
    /// upsert fires the insert and then the update trigger of <c>play_day_versions</c> (migration 0030),
    /// each locking its days in key order, so two upserts over the same days the other way round can
    /// meet. The statement rolled back as a whole, so running it again is safe.</summary>
    private static async Task<T> RetryDeadlockAsync<T>(Func<Task<T>> write)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await write();
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < 5)
            {
                await Task.Delay(Random.Shared.Next(5, 50) * attempt);
            }
        }
    }

    /// <summary>Imported plays: new (mount, start) rows are inserted; a known row gets its end if it
    /// had none (the log's last line for a mount, ended by a later log). Returns (inserted, known).</summary>
    public async Task<(int Inserted, int Known)> ImportAsync(IReadOnlyList<PlayRecord> plays, CancellationToken ct)
    {
        if (plays.Count == 0)
        {
            return (0, 0);
        }

        const string sql = $"""
            INSERT INTO plays ({Columns}, track_key)
            SELECT * FROM unnest(@id, @server, @mount, @started, @ended, @startPrecision, @endPrecision, @artist, @title,
                @album, @isrc, @label, @duration, @source, @key)
            ON CONFLICT (server_id, mount, started_at) DO UPDATE SET ended_at = EXCLUDED.ended_at, audience_final = false
                WHERE plays.ended_at IS NULL AND EXCLUDED.ended_at IS NOT NULL AND plays.source = 'import'
            RETURNING (xmax = 0)
            """;
        var inserted = await RetryDeadlockAsync(async () =>
        {
            await using var command = db.CreateCommand(sql);
            AddPlays(command.Parameters, plays);
            var count = 0;
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                count += reader.GetBoolean(0) ? 1 : 0;
            }

            return count;
        });
        return (inserted, plays.Count - inserted);
    }

    /// <summary>The mount's latest two plays, newest first.</summary>
    public async Task<IReadOnlyList<PlayRecord>> LatestAsync(string server, string mount, CancellationToken ct)
    {
        await using var command = db.CreateCommand($"SELECT {Columns} FROM plays WHERE server_id = @server AND mount = @mount ORDER BY started_at DESC LIMIT 2");
        command.Parameters.AddWithValue("server", server);
        command.Parameters.AddWithValue("mount", mount);
        var plays = new List<PlayRecord>(2);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            plays.Add(ReadPlay(reader));
        }

        return plays;
    }

    /// <summary>The plays of the scope's mounts that started in [from, to), oldest
    /// first, with the stored audience of <paramref name="net"/> or gross traffic (null when not final)
    /// and, if asked, the listener sets.</summary>
    public async Task<IReadOnlyList<StoredPlay>> ListAsync(ScopeMembers members, DateTimeOffset from, DateTimeOffset to, bool net, bool withListeners, CancellationToken ct)
    {
        await using var command = db.CreateCommand();
        command.CommandText = $"""
            SELECT {StoredColumns(net, withListeners)}
            FROM plays
            WHERE {members.Filter(command)} AND started_at >= @from AND started_at < @to
            ORDER BY started_at, server_id, mount
            """;
        command.Parameters.AddWithValue("from", from.UtcDateTime);
        command.Parameters.AddWithValue("to", to.UtcDateTime);
        var plays = new List<StoredPlay>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            plays.Add(ReadStored(reader));
        }

        return plays;
    }

    /// <summary>The version of each mount and UTC day of the members' plays in [from, to) (whole UTC
    /// days; <c>play_day_versions</c>, raised by triggers on every write of a play, migration 0030).</summary>
    public async Task<List<(PlayDay Day, long Version)>> DayVersionsAsync(ScopeMembers members, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var command = db.CreateCommand();
        command.CommandText = $"""
            SELECT server_id, mount, day, version
            FROM play_day_versions
            WHERE {members.Filter(command)} AND day >= @from AND day < @to
            """;
        command.Parameters.AddWithValue("from", DateOnly.FromDateTime(from.UtcDateTime));
        command.Parameters.AddWithValue("to", DateOnly.FromDateTime(to.UtcDateTime));
        var days = new List<(PlayDay, long)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            days.Add((new PlayDay(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateOnly>(2)), reader.GetInt64(3)));
        }

        return days;
    }

    /// <summary>The plays of some mount days (UTC) with their listener sets (every day asked for, empty
    /// when it has none).</summary>
    public async Task<Dictionary<PlayDay, List<StoredPlay>>> LoadDaysAsync(IReadOnlyList<PlayDay> days, bool net, CancellationToken ct)
    {
        await using var command = db.CreateCommand($"""
            SELECT {StoredColumns(net, withListeners: true)}, d.day
            FROM unnest(@servers, @mounts, @days) AS d(s, m, day)
            CROSS JOIN LATERAL (
                SELECT * FROM plays p WHERE p.server_id = d.s AND p.mount = d.m
                    AND p.started_at >= d.day::timestamp AT TIME ZONE 'UTC' AND p.started_at < (d.day + 1)::timestamp AT TIME ZONE 'UTC') plays
            ORDER BY started_at, server_id, mount
            """);
        command.Parameters.AddWithValue("servers", days.Select(d => d.Server).ToArray());
        command.Parameters.AddWithValue("mounts", days.Select(d => d.Mount).ToArray());
        command.Parameters.AddWithValue("days", days.Select(d => d.Day).ToArray());
        var loaded = days.ToDictionary(d => d, _ => new List<StoredPlay>());
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var play = ReadStored(reader);
            loaded[new PlayDay(play.Play.Server, play.Play.Mount, reader.GetFieldValue<DateOnly>(17))].Add(play);
        }

        return loaded;
    }

    private static string StoredColumns(bool net, bool withListeners)
    {
        var traffic = net ? "net" : "gross";
        var sets = withListeners ? $"CASE WHEN audience_final THEN {traffic}_listeners END" : "NULL::bytea";
        return $"{Columns}, CASE WHEN audience_final THEN {traffic}_audience END, {sets}, audience_final";
    }

    private static StoredPlay ReadStored(NpgsqlDataReader reader)
    {
        var audience = reader.IsDBNull(14) ? null : JsonSerializer.Deserialize<PlayAudience>(reader.GetString(14), Json);
        var listeners = reader.IsDBNull(15) ? null : ListenerSet.Deserialize((byte[])reader[15]);
        return new StoredPlay(ReadPlay(reader), audience, listeners, reader.GetBoolean(16));
    }

    /// <summary>The usual rate of tune-outs per listener-minute of the scope's mounts for each hour of the
    /// week (local to <paramref name="zone"/>), from the plays with a final audience that started in
    /// [from, to): (ISO day of week 1-7, hour) → (plays, tune-outs, listen minutes). The same as
    /// <see cref="TrackReports.BaselineOf"/> over those plays.</summary>
    public async Task<IReadOnlyDictionary<(int Day, int Hour), (int Plays, long TuneOuts, double ListenMinutes)>> BaselineAsync(
        ScopeMembers members, TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset to, bool net, CancellationToken ct)
    {
        var traffic = net ? "net" : "gross";
        await using var command = db.CreateCommand();
        command.CommandText = $"""
            SELECT extract(isodow FROM started_at AT TIME ZONE @zone)::int, extract(hour FROM started_at AT TIME ZONE @zone)::int,
                   count(*)::int, coalesce(sum(({traffic}_audience ->> 'tuneOuts')::bigint), 0)::bigint, coalesce(sum(({traffic}_audience ->> 'listenMinutes')::float8), 0)
            FROM plays
            WHERE {members.Filter(command)} AND started_at >= @from AND started_at < @to AND audience_final
            GROUP BY 1, 2
            """;
        command.Parameters.AddWithValue("zone", zone.Id);
        command.Parameters.AddWithValue("from", from.UtcDateTime);
        command.Parameters.AddWithValue("to", to.UtcDateTime);
        var rows = new Dictionary<(int, int), (int, long, double)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows[(reader.GetInt32(0), reader.GetInt32(1))] = (reader.GetInt32(2), reader.GetInt64(3), reader.GetDouble(4));
        }

        return rows;
    }

    /// <summary>Ended plays whose audience is not stored yet, oldest end first.</summary>
    public async Task<IReadOnlyList<PlayRecord>> PendingAudienceAsync(DateTimeOffset endedBefore, int limit, CancellationToken ct)
    {
        await using var command = db.CreateCommand($"""
            SELECT {Columns} FROM plays WHERE NOT audience_final AND ended_at IS NOT NULL AND ended_at < @before
            ORDER BY ended_at LIMIT @limit
            """);
        command.Parameters.AddWithValue("before", endedBefore.UtcDateTime);
        command.Parameters.AddWithValue("limit", limit);
        var plays = new List<PlayRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            plays.Add(ReadPlay(reader));
        }

        return plays;
    }

    /// <summary>Stores a play's final audience, unless the play changed since it was read.</summary>
    public async Task StoreAudienceAsync(PlayRecord play, (PlayAudience Audience, ListenerSet Listeners) net, (PlayAudience Audience, ListenerSet Listeners) gross, CancellationToken ct)
    {
        await using var command = db.CreateCommand("""
            UPDATE plays SET audience_final = true, net_audience = @netAudience::jsonb, net_listeners = @netListeners,
                gross_audience = @grossAudience::jsonb, gross_listeners = @grossListeners
            WHERE play_id = @id AND started_at = @started AND ended_at = @ended
            """);
        command.Parameters.AddWithValue("id", play.PlayId);
        command.Parameters.AddWithValue("started", play.StartedAt.UtcDateTime);
        command.Parameters.AddWithValue("ended", play.EndedAt!.Value.UtcDateTime);
        command.Parameters.AddWithValue("netAudience", JsonSerializer.Serialize(net.Audience, Json));
        command.Parameters.AddWithValue("netListeners", net.Listeners.Serialize());
        command.Parameters.AddWithValue("grossAudience", JsonSerializer.Serialize(gross.Audience, Json));
        command.Parameters.AddWithValue("grossListeners", gross.Listeners.Serialize());
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Marks a play's audience as settled but unknown (its sessions are beyond raw retention,
    /// e.g. an old playlist.log imported): reports show it without audience figures, and it leaves
    /// the queue of plays waiting for theirs.</summary>
    public async Task MarkAudienceUnknownAsync(PlayRecord play, CancellationToken ct)
    {
        await using var command = db.CreateCommand("""
            UPDATE plays SET audience_final = true, net_audience = NULL, net_listeners = NULL, gross_audience = NULL, gross_listeners = NULL
            WHERE play_id = @id AND started_at = @started AND ended_at = @ended
            """);
        command.Parameters.AddWithValue("id", play.PlayId);
        command.Parameters.AddWithValue("started", play.StartedAt.UtcDateTime);
        command.Parameters.AddWithValue("ended", play.EndedAt!.Value.UtcDateTime);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The sessions of one mount that overlap [from, to): finished ones from
    /// <c>listener_sessions</c>, open ones (no end) from <c>open_sessions</c>. <paramref name="allEnded"/>
    /// is false when an open session started before <paramref name="to"/>.</summary>
    public async Task<(List<ListenInterval> Sessions, bool AllEnded)> SessionsAsync(string server, string mount, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = db.CreateCommand();
        command.CommandText = $"""
            {SessionSql.Overlapping(command, "listener_key, started_at, ended_at, is_bot, duration_seconds", "server_id = @server AND mount = @mount", from, to)}
            UNION ALL
            SELECT listener_key, started_at, NULL, is_bot, NULL FROM open_sessions
            WHERE server_id = @server AND mount = @mount AND started_at < @overlap_to
            """;
        command.Parameters.AddWithValue("server", server);
        command.Parameters.AddWithValue("mount", mount);
        var sessions = new List<ListenInterval>();
        var allEnded = true;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var listener = SessionFact.ListenerHash(reader.GetString(0));
            var start = new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero);
            var bot = reader.GetBoolean(3);
            if (reader.IsDBNull(2))
            {
                allEnded = false;
                var qualifies = !bot && (now - start).TotalSeconds >= SessionFact.QualifyingSeconds;
                sessions.Add(new ListenInterval(listener, start.ToUnixTimeMilliseconds(), null, qualifies));
            }
            else
            {
                var end = new DateTimeOffset(reader.GetDateTime(2), TimeSpan.Zero);
                sessions.Add(new ListenInterval(listener, start.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds(),
                    !bot && reader.GetInt32(4) >= SessionFact.QualifyingSeconds));
            }
        }

        return (sessions, allEnded);
    }

    private static void AddPlays(NpgsqlParameterCollection p, IReadOnlyList<PlayRecord> plays)
    {
        p.AddWithValue("id", plays.Select(r => r.PlayId).ToArray());
        p.AddWithValue("server", plays.Select(r => r.Server).ToArray());
        p.AddWithValue("mount", plays.Select(r => r.Mount).ToArray());
        p.AddWithValue("started", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, plays.Select(r => r.StartedAt.UtcDateTime).ToArray());
        p.Add(new NpgsqlParameter("ended", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = plays.Select(r => (DateTime?)r.EndedAt?.UtcDateTime).ToArray() });
        p.Add(new NpgsqlParameter("startPrecision", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = plays.Select(r => r.StartPrecisionSeconds).ToArray() });
        p.Add(new NpgsqlParameter("endPrecision", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = plays.Select(r => r.EndPrecisionSeconds).ToArray() });
        p.Add(new NpgsqlParameter("artist", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = plays.Select(r => r.Artist).ToArray() });
        p.AddWithValue("title", plays.Select(r => r.Title).ToArray());
        p.Add(new NpgsqlParameter("album", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = plays.Select(r => r.Album).ToArray() });
        p.Add(new NpgsqlParameter("isrc", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = plays.Select(r => r.Isrc).ToArray() });
        p.Add(new NpgsqlParameter("label", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = plays.Select(r => r.Label).ToArray() });
        p.Add(new NpgsqlParameter("duration", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = plays.Select(r => r.DurationSeconds).ToArray() });
        p.AddWithValue("source", plays.Select(r => r.Source).ToArray());
        p.AddWithValue("key", plays.Select(r => r.TrackKey).ToArray());
    }

    private static PlayRecord ReadPlay(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetString(1), r.GetString(2), Utc(r.GetDateTime(3)), r.IsDBNull(4) ? null : Utc(r.GetDateTime(4)),
        Int(r, 5), Int(r, 6), Text(r, 7), r.GetString(8), Text(r, 9), Text(r, 10), Text(r, 11), Int(r, 12), r.GetString(13));

    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));

    private static int? Int(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt32(i);

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}

/// <summary>A stored play with its final audience (null until every overlapping session ended, or
/// when it is settled as unknown) and, when asked for, its listener set. <see cref="Final"/>: the
/// row's audience is settled (known or unknown), so the play counts in a tune-out baseline.</summary>
public sealed record class StoredPlay(PlayRecord Play, PlayAudience? Audience, ListenerSet? Listeners, bool Final);
