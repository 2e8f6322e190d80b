using Asteroid.Sessions;
using Npgsql;
using NpgsqlTypes;

namespace Asteroid.Analytics;

/// <summary>SQL of the aggregates: day rows, first-seen listeners, and the raw sessions a day is
/// rebuilt from.</summary>
public sealed class AggregateStore(NpgsqlDataSource db)
{
    private readonly CoalescedLoads<(string Members, long Start, long End), IReadOnlyList<SessionFact>> _rawLoads = new();

    /// <summary>Granularity of the stored new-listener counts (every time zone's hours start on it).</summary>
    public const int NewListenerSlotSeconds = 900;

    private const string SaveSql = """
        INSERT INTO daily_stats (scope, day, time_zone, stats, breakdowns, listeners, sessions, gross, gross_listeners, gross_breakdowns, gross_at, updated_at)
        VALUES (@scope, @day, @zone, @stats, @breakdowns, @listeners, @sessions, @gross, @grossListeners, @grossBreakdowns, now(), now())
        ON CONFLICT (scope, day) DO UPDATE SET time_zone = excluded.time_zone, stats = excluded.stats, breakdowns = excluded.breakdowns,
            listeners = excluded.listeners, sessions = excluded.sessions, gross = excluded.gross, gross_listeners = excluded.gross_listeners,
            gross_breakdowns = excluded.gross_breakdowns, gross_at = now(), updated_at = now()
        """;

    public async Task SaveAsync(Scope scope, DayStats stats, int sessions, CancellationToken ct)
    {
        await using var command = db.CreateCommand(SaveSql);
        AddSaveParameters(command.Parameters, scope, stats, sessions);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The statement of <see cref="SaveAsync"/> as one command of a batch, for writers that
    /// save many days at once (the benchmark's history loader: one round trip and one commit for them).</summary>
    public static NpgsqlBatchCommand SaveCommand(Scope scope, DayStats stats, int sessions)
    {
        var command = new NpgsqlBatchCommand(SaveSql);
        AddSaveParameters(command.Parameters, scope, stats, sessions);
        return command;
    }

    private static void AddSaveParameters(NpgsqlParameterCollection p, Scope scope, DayStats stats, int sessions)
    {
        var (json, breakdowns, gross, grossListeners, grossBreakdowns) = DayStatsCodec.ToStorage(stats);
        p.AddWithValue("scope", scope.ToString());
        p.AddWithValue("day", stats.Date);
        p.AddWithValue("zone", stats.TimeZone);
        p.AddWithValue("stats", NpgsqlDbType.Jsonb, json);
        p.AddWithValue("breakdowns", NpgsqlDbType.Jsonb, breakdowns);
        p.AddWithValue("listeners", stats.Listeners.Serialize());
        p.AddWithValue("sessions", sessions);
        p.Add(new NpgsqlParameter("gross", NpgsqlDbType.Jsonb) { Value = (object?)gross ?? DBNull.Value });
        p.Add(new NpgsqlParameter("grossListeners", NpgsqlDbType.Bytea) { Value = (object?)grossListeners ?? DBNull.Value });
        p.Add(new NpgsqlParameter("grossBreakdowns", NpgsqlDbType.Jsonb) { Value = (object?)grossBreakdowns ?? DBNull.Value });
    }

    /// <summary>The stored days of a scope between two dates (inclusive), in date order; their
    /// breakdowns only when asked for (they are most of a row), their gross part likewise.</summary>
    public async Task<List<DayStats>> LoadAsync(Scope scope, DateOnly from, DateOnly to, CancellationToken ct, bool withBreakdowns = true, bool withGross = true)
    {
        await using var command = db.CreateCommand($"{SelectDays(withBreakdowns, withGross)} WHERE scope = @scope AND day BETWEEN @from AND @to ORDER BY day");
        command.Parameters.AddWithValue("scope", scope.ToString());
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        return [.. (await ReadDaysAsync(command, withBreakdowns, withGross, ct)).Select(d => d.Day)];
    }

    /// <summary>When each stored day of a scope between two dates was last written: what a cache of
    /// parsed days checks before it answers.</summary>
    public Task<List<(DateOnly Day, DateTime UpdatedAt)>> VersionsAsync(Scope scope, DateOnly from, DateOnly to, CancellationToken ct) =>
        DayRowVersions.ReadAsync(db, "daily_stats", scope, from, to, ct);

    /// <summary>Some stored days of a scope (with their breakdowns when asked), with when each was
    /// written and a rough size in memory once parsed.</summary>
    public async Task<List<(DayStats Day, DateTime UpdatedAt, int Bytes)>> LoadDaysAsync(Scope scope, IReadOnlyList<DateOnly> days, bool withBreakdowns, CancellationToken ct,
        bool withGross = false)
    {
        await using var command = db.CreateCommand($"{SelectDays(withBreakdowns, withGross)} WHERE scope = @scope AND day = ANY(@days)");
        command.Parameters.AddWithValue("scope", scope.ToString());
        command.Parameters.AddWithValue("days", days.ToArray());
        return await ReadDaysAsync(command, withBreakdowns, withGross, ct);
    }

    /// <summary>The gross part counts only when written with the row (<c>gross_at = updated_at</c>,
    /// one statement's <c>now()</c>): a silo of the previous release rewrites <c>stats</c> and
    /// <c>updated_at</c> and leaves the gross columns stale.</summary>
    private static string SelectDays(bool withBreakdowns, bool withGross) =>
        "SELECT stats, listeners, updated_at"
        + (withGross ? ", CASE WHEN gross_at = updated_at THEN gross END, gross_listeners" : ", NULL::jsonb, NULL::bytea")
        + (withBreakdowns ? ", breakdowns" : "")
        + (withBreakdowns && withGross ? ", gross_breakdowns" : "")
        + " FROM daily_stats";

    private static async Task<List<(DayStats Day, DateTime UpdatedAt, int Bytes)>> ReadDaysAsync(NpgsqlCommand command, bool withBreakdowns, bool withGross,
        CancellationToken ct)
    {
        var loaded = new List<(DayStats, DateTime, int)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var json = reader.GetString(0);
            var listeners = reader.GetFieldValue<byte[]>(1);
            var gross = reader.IsDBNull(3) ? null : reader.GetString(3);
            var grossListeners = gross is null || reader.IsDBNull(4) ? null : reader.GetFieldValue<byte[]>(4);
            var breakdowns = withBreakdowns ? reader.GetString(5) : null;
            var grossBreakdowns = withBreakdowns && withGross && gross is not null && !reader.IsDBNull(6) ? reader.GetString(6) : null;
            loaded.Add((DayStatsCodec.FromStorage(json, breakdowns, listeners, gross, grossListeners, grossBreakdowns), reader.GetDateTime(2),
                (json.Length + (breakdowns?.Length ?? 0) + (gross?.Length ?? 0) + (grossBreakdowns?.Length ?? 0)) * 4 + listeners.Length + (grossListeners?.Length ?? 0)));
        }

        return loaded;
    }

    /// <summary>Listeners of the scope whose first qualifying session starts in [from, to), counted
    /// per slot of <paramref name="slotSeconds"/> from <paramref name="from"/> (both on quarter-hour
    /// boundaries, as local midnights and hours are), from the per-quarter-hour counts.</summary>
    public async Task<Dictionary<long, long>> NewListenersAsync(Scope scope, long from, long to, long slotSeconds, CancellationToken ct) =>
        (await NewListenersAsync(scope, from, to, slotSeconds, [], ct)).PerSlot;

    /// <summary>As <see cref="NewListenersAsync(Scope, long, long, long, CancellationToken)"/>, and in the same statement (so
    /// the same snapshot: a session finishing meanwhile is in both or in neither) the first-seen
    /// start of those of <paramref name="listeners"/> that have one.</summary>
    public async Task<(Dictionary<long, long> PerSlot, Dictionary<ulong, long> FirstSeen)> NewListenersAsync(
        Scope scope, long from, long to, long slotSeconds, IReadOnlyCollection<ulong> listeners, CancellationToken ct)
    {
        await using var command = db.CreateCommand(listeners.Count == 0
            ? """
              SELECT false, (slot::bigint * 900 - @from) / @slot AS s, sum(listeners)::bigint FROM new_listeners
              WHERE scope = @scope AND slot >= @first AND slot < @last GROUP BY s
              """
            : """
              SELECT false, (slot::bigint * 900 - @from) / @slot AS s, sum(listeners)::bigint FROM new_listeners
              WHERE scope = @scope AND slot >= @first AND slot < @last GROUP BY s
              UNION ALL
              SELECT true, listener, first_start FROM listener_first_seen WHERE scope = @scope AND listener = ANY(@keys)
              """);
        command.Parameters.AddWithValue("scope", scope.ToString());
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("first", (int)(from / NewListenerSlotSeconds));
        command.Parameters.AddWithValue("last", (int)((to + NewListenerSlotSeconds - 1) / NewListenerSlotSeconds));
        command.Parameters.AddWithValue("slot", slotSeconds);
        if (listeners.Count > 0)
        {
            command.Parameters.AddWithValue("keys", listeners.Select(l => unchecked((long)l)).ToArray());
        }

        var counts = new Dictionary<long, long>();
        var firstSeen = new Dictionary<ulong, long>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (reader.GetBoolean(0))
            {
                firstSeen[unchecked((ulong)reader.GetInt64(1))] = reader.GetInt64(2);
            }
            else
            {
                counts[reader.GetInt64(1)] = reader.GetInt64(2);
            }
        }

        return (counts, firstSeen);
    }

    /// <summary>Keeps the earliest qualifying start per (scope, listener), and the per-quarter-hour
    /// new-listener counts with it, in one statement: an update records the start it replaced in
    /// <c>previous_start</c> (under the row's lock, so concurrent feeds cannot miscount; a fresh
    /// insert leaves it null) and the count moves from that slot to the new one.</summary>
    public async Task UpdateFirstSeenAsync(IReadOnlyList<(Scope Scope, ulong Listener, long Start)> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        // In key order, so concurrent statements (two rebuilds of one scope) lock rows in the same order and cannot deadlock.
        var earliest = rows.GroupBy(r => (r.Scope.ToString(), r.Listener)).Select(g => (g.Key.Item1, g.Key.Listener, g.Min(r => r.Start)))
            .OrderBy(r => r.Item1, StringComparer.Ordinal).ThenBy(r => unchecked((long)r.Listener)).ToList();
        await using var command = db.CreateCommand("""
            WITH changed AS (
                INSERT INTO listener_first_seen AS f (scope, listener, first_start)
                SELECT * FROM unnest(@scope, @listener, @start)
                ON CONFLICT (scope, listener) DO UPDATE SET first_start = excluded.first_start, previous_start = f.first_start
                WHERE excluded.first_start < f.first_start
                RETURNING f.scope, f.first_start, f.previous_start),
            moves AS (
                SELECT scope, (first_start / 900)::integer AS slot, 1 AS delta FROM changed
                UNION ALL
                SELECT scope, (previous_start / 900)::integer, -1 FROM changed WHERE previous_start IS NOT NULL)
            INSERT INTO new_listeners AS n (scope, slot, listeners)
            SELECT scope, slot, sum(delta) FROM moves GROUP BY scope, slot ORDER BY scope, slot
            ON CONFLICT (scope, slot) DO UPDATE SET listeners = n.listeners + excluded.listeners
            """);
        command.Parameters.AddWithValue("scope", earliest.Select(r => r.Item1).ToArray());
        command.Parameters.AddWithValue("listener", earliest.Select(r => unchecked((long)r.Listener)).ToArray());
        command.Parameters.AddWithValue("start", earliest.Select(r => r.Item3).ToArray());
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Raw sessions of a scope that start in or overlap the day (<see cref="SessionSql.Overlapping"/>). Their listeners are recorded as first seen where they are earlier than
    /// what is known, so a rebuilt day (or one imported before aggregation existed) counts new
    /// listeners right.</summary>
    public async Task<IReadOnlyList<SessionFact>> LoadRawAndFirstSeenAsync(Scope scope, ScopeMembers members, DayWindow day, CancellationToken ct)
    {
        var facts = await LoadRawAsync(members, day, ct);
        await UpdateFirstSeenAsync([.. facts.Where(f => f.Qualifies).Select(f => (scope, f.Listener, f.Start))], ct);
        return facts;
    }

    /// <summary>Raw sessions of a scope's members (its mounts as they are grouped now) that start in or overlap the day,
    /// read now (a caller that has just written sessions sees them).</summary>
    public Task<IReadOnlyList<SessionFact>> LoadRawAsync(ScopeMembers members, DayWindow day, CancellationToken ct) => ReadRawAsync(members, day, ct);

    /// <summary>As <see cref="LoadRawAsync"/>, for callers that start together and may share one read:
    /// a scope rebuild job's day grain and geo grain of one day (<see cref="CoalescedLoads{TKey, TValue}"/>;
    /// the list is shared, so read-only). Nobody else joins their query, so no caller gets a read that
    /// began before it asked.</summary>
    public Task<IReadOnlyList<SessionFact>> LoadRawSharedAsync(ScopeMembers members, DayWindow day, CancellationToken ct) =>
        _rawLoads.GetAsync((members.Key, day.Start, day.End), token => ReadRawAsync(members, day, token), ct);

    private async Task<IReadOnlyList<SessionFact>> ReadRawAsync(ScopeMembers members, DayWindow day, CancellationToken ct)
    {
        await using var command = db.CreateCommand();
        command.CommandText = SessionSql.Overlapping(command,
            SessionSql.Select("sessionId", "listenerKey", "startedAt", "durationSeconds", "isBot", "server", "mount", "countryCode", "region", "city", "player", "os", "device")
            + ", referrer_host, player_kind",
            members.SessionFilter(command), Instant(day.Start), Instant(day.End), orStartIn: true);
        var facts = new List<SessionFact>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var start = reader.GetFieldValue<DateTimeOffset>(2).ToUnixTimeSeconds();
            facts.Add(new SessionFact(reader.GetGuid(0), SessionFact.ListenerHash(reader.GetString(1)), start, start + reader.GetInt32(3),
                reader.GetBoolean(4), reader.GetString(5), reader.GetString(6), Text(reader, 7), Text(reader, 8), Text(reader, 9),
                reader.GetString(10), reader.GetString(11), reader.GetString(12), Text(reader, 13), reader.GetString(14)));
        }

        return facts;
    }

    /// <summary>(scope, day) rows written since <paramref name="since"/>: the days being written around a restart.</summary>
    public async Task<List<(Scope Scope, DateOnly Day)>> RecentlyWrittenAsync(DateTimeOffset since, CancellationToken ct)
    {
        await using var command = db.CreateCommand("SELECT scope, day FROM daily_stats WHERE updated_at >= @since");
        command.Parameters.AddWithValue("since", since.UtcDateTime);
        var rows = new List<(Scope, DateOnly)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add((Scope.Parse(reader.GetString(0)), reader.GetFieldValue<DateOnly>(1)));
        }

        return rows;
    }

    /// <summary>Whether the raw log still holds at least as many sessions for the day as its stored row
    /// counts (<c>daily_stats.sessions</c>; true without a row): only then is a rebuild from raw
    /// sessions no loss. A fixture or an operator may have pruned raw sessions inside RawDays.</summary>
    public async Task<bool> RawCoversAsync(Scope scope, ScopeMembers members, DayWindow day, CancellationToken ct)
    {
        await using var stored = db.CreateCommand("SELECT sessions FROM daily_stats WHERE scope = @scope AND day = @day");
        stored.Parameters.AddWithValue("scope", scope.ToString());
        stored.Parameters.AddWithValue("day", day.Date);
        if (await stored.ExecuteScalarAsync(ct) is not int sessions || sessions == 0)
        {
            return true;
        }

        await using var command = db.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM ({SessionSql.Overlapping(command, "1", members.SessionFilter(command), Instant(day.Start), Instant(day.End), orStartIn: true)}) s";
        return (long)(await command.ExecuteScalarAsync(ct))! >= sessions;
    }

    /// <summary>(scope, day) rows from <paramref name="since"/> on without a gross part (written before it existed, or since by a silo of that release).</summary>
    public async Task<List<(Scope Scope, DateOnly Day)>> WithoutGrossAsync(DateOnly since, CancellationToken ct)
    {
        await using var command = db.CreateCommand("SELECT scope, day FROM daily_stats WHERE day >= @since AND (gross IS NULL OR gross_at IS DISTINCT FROM updated_at) ORDER BY day");
        command.Parameters.AddWithValue("since", since);
        var rows = new List<(Scope, DateOnly)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add((Scope.Parse(reader.GetString(0)), reader.GetFieldValue<DateOnly>(1)));
        }

        return rows;
    }

    private static string? Text(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static DateTimeOffset Instant(long unixSeconds) => DateTimeOffset.FromUnixTimeSeconds(unixSeconds);
}
