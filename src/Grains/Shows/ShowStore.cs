using System.Text.Json;
using Asteroid.Analytics;
using Npgsql;

namespace Asteroid.Shows;

/// <summary>SQL of the schedules (<c>station_shows</c>, <c>station_dayparts</c>: one JSON document
/// per show and per station's dayparts) and of the sessions a show report counts.</summary>
public sealed class ShowStore(NpgsqlDataSource db)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<List<ShowDefinition>> ListAsync(string station, CancellationToken ct)
    {
        await using var command = db.CreateCommand("SELECT definition FROM station_shows WHERE station_id = @station ORDER BY show_id");
        command.Parameters.AddWithValue("station", station);
        var shows = new List<ShowDefinition>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            shows.Add(JsonSerializer.Deserialize<ShowDefinition>(reader.GetString(0), Json)!);
        }

        return shows;
    }

    public async Task PutAsync(string station, ShowDefinition show, CancellationToken ct)
    {
        await using var command = db.CreateCommand("""
            INSERT INTO station_shows (station_id, show_id, definition) VALUES (@station, @show, @definition::jsonb)
            ON CONFLICT (station_id, show_id) DO UPDATE SET definition = EXCLUDED.definition, updated_at = now()
            """);
        command.Parameters.AddWithValue("station", station);
        command.Parameters.AddWithValue("show", show.Id);
        command.Parameters.AddWithValue("definition", JsonSerializer.Serialize(show, Json));
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Writes <paramref name="upserts"/> and deletes <paramref name="removals"/> in one transaction.</summary>
    public async Task ApplyAsync(string station, IReadOnlyList<ShowDefinition> upserts, IReadOnlyList<string> removals, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (upserts.Count > 0)
        {
            await using var put = new NpgsqlCommand("""
                INSERT INTO station_shows (station_id, show_id, definition)
                SELECT @station, show, definition::jsonb FROM unnest(@shows, @definitions) AS t(show, definition)
                ON CONFLICT (station_id, show_id) DO UPDATE SET definition = EXCLUDED.definition, updated_at = now()
                """, connection, transaction);
            put.Parameters.AddWithValue("station", station);
            put.Parameters.AddWithValue("shows", upserts.Select(s => s.Id).ToArray());
            put.Parameters.AddWithValue("definitions", upserts.Select(s => JsonSerializer.Serialize(s, Json)).ToArray());
            await put.ExecuteNonQueryAsync(ct);
        }

        if (removals.Count > 0)
        {
            await using var delete = new NpgsqlCommand("DELETE FROM station_shows WHERE station_id = @station AND show_id = ANY(@shows)", connection, transaction);
            delete.Parameters.AddWithValue("station", station);
            delete.Parameters.AddWithValue("shows", removals.ToArray());
            await delete.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    public async Task DeleteAsync(string station, string show, CancellationToken ct)
    {
        await using var command = db.CreateCommand("DELETE FROM station_shows WHERE station_id = @station AND show_id = @show");
        command.Parameters.AddWithValue("station", station);
        command.Parameters.AddWithValue("show", show);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The station's dayparts, or null when it has set none.</summary>
    public async Task<List<Daypart>?> DaypartsAsync(string station, CancellationToken ct)
    {
        await using var command = db.CreateCommand("SELECT dayparts FROM station_dayparts WHERE station_id = @station");
        command.Parameters.AddWithValue("station", station);
        return await command.ExecuteScalarAsync(ct) is string json ? JsonSerializer.Deserialize<List<Daypart>>(json, Json) : null;
    }

    /// <summary>Stores the dayparts; null removes them (back to the default set).</summary>
    public async Task PutDaypartsAsync(string station, IReadOnlyList<Daypart>? dayparts, CancellationToken ct)
    {
        await using var command = db.CreateCommand(dayparts is null
            ? "DELETE FROM station_dayparts WHERE station_id = @station"
            : """
              INSERT INTO station_dayparts (station_id, dayparts) VALUES (@station, @dayparts::jsonb)
              ON CONFLICT (station_id) DO UPDATE SET dayparts = EXCLUDED.dayparts, updated_at = now()
              """);
        command.Parameters.AddWithValue("station", station);
        if (dayparts is not null)
        {
            command.Parameters.AddWithValue("dayparts", JsonSerializer.Serialize(dayparts, Json));
        }

        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The members' sessions overlapping [from, to) in whole seconds: finished ones from
    /// <c>listener_sessions</c>, open ones from <c>open_sessions</c> (ending at <paramref name="now"/>).</summary>
    public async Task<List<ShowSession>> SessionsAsync(ScopeMembers members, long from, long to, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = db.CreateCommand();
        command.CommandText = $"""
            {SessionSql.Overlapping(command, "listener_key, started_at, duration_seconds, is_bot, false", members.SessionFilter(command),
                DateTimeOffset.FromUnixTimeSeconds(from), DateTimeOffset.FromUnixTimeSeconds(to), orStartIn: true)}
            UNION ALL
            SELECT listener_key, started_at, NULL, is_bot, true FROM open_sessions
            WHERE {members.Filter(command)} AND started_at < @overlap_to
            """;
        var nowSeconds = now.ToUnixTimeSeconds();
        var sessions = new List<ShowSession>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var start = new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc)).ToUnixTimeSeconds();
            var open = reader.GetBoolean(4);
            var end = open ? Math.Max(start, nowSeconds) : start + reader.GetInt32(2);
            sessions.Add(new ShowSession(SessionFact.ListenerHash(reader.GetString(0)), start, end, reader.GetBoolean(3), open));
        }

        return sessions;
    }

    /// <summary>As <see cref="SessionsAsync"/>, with each session's breakdown attributes (the
    /// daypart summary and geo reports): finished ones from <c>listener_sessions</c>, open ones from
    /// <c>open_sessions</c> ending at <paramref name="now"/> (<c>Open</c>).</summary>
    public async Task<List<(SessionFact Fact, bool Open)>> FactsAsync(ScopeMembers members, long from, long to, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = db.CreateCommand();
        command.CommandText = $"""
            {SessionSql.Overlapping(command,
                SessionSql.Select("sessionId", "listenerKey", "startedAt", "durationSeconds", "isBot", "server", "mount", "countryCode", "region", "city", "player", "os", "device") + ", false, referrer_host, player_kind",
                members.SessionFilter(command), DateTimeOffset.FromUnixTimeSeconds(from), DateTimeOffset.FromUnixTimeSeconds(to), orStartIn: true)}
            UNION ALL
            SELECT session_id, listener_key, started_at, NULL, is_bot, server_id, mount, country_code, region, city, player, os, device, true,
                   referrer_host, player_kind FROM open_sessions
            WHERE {members.Filter(command)} AND started_at < @overlap_to
            """;
        var nowSeconds = now.ToUnixTimeSeconds();
        var facts = new List<(SessionFact, bool)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var start = new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc)).ToUnixTimeSeconds();
            var open = reader.GetBoolean(13);
            var end = open ? Math.Max(start, nowSeconds) : start + reader.GetInt32(3);
            facts.Add((new SessionFact(reader.GetGuid(0), SessionFact.ListenerHash(reader.GetString(1)), start, end, reader.GetBoolean(4),
                reader.GetString(5), reader.GetString(6), Text(reader, 7), Text(reader, 8), Text(reader, 9),
                reader.GetString(10), reader.GetString(11), reader.GetString(12), Text(reader, 14), reader.GetString(15)), open));
        }

        // A session that ended while the query ran may be read from both tables: the finished row wins.
        var finished = facts.Where(f => !f.Item2).Select(f => f.Item1.SessionId).ToHashSet();
        facts.RemoveAll(f => f.Item2 && finished.Contains(f.Item1.SessionId));
        return facts;

        static string? Text(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
    }

    /// <summary>The recorded first qualifying start (Unix seconds) of those of the listeners that have one in the scope.</summary>
    public async Task<Dictionary<ulong, long>> FirstSeenAsync(Scope scope, IReadOnlyCollection<ulong> listeners, CancellationToken ct)
    {
        var firstSeen = new Dictionary<ulong, long>();
        if (listeners.Count == 0)
        {
            return firstSeen;
        }

        await using var command = db.CreateCommand("SELECT listener, first_start FROM listener_first_seen WHERE scope = @scope AND listener = ANY(@keys)");
        command.Parameters.AddWithValue("scope", scope.ToString());
        command.Parameters.AddWithValue("keys", listeners.Select(l => unchecked((long)l)).ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            firstSeen[unchecked((ulong)reader.GetInt64(0))] = reader.GetInt64(1);
        }

        return firstSeen;
    }
}
