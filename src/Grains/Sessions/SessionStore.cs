using Npgsql;
using NpgsqlTypes;

namespace Asteroid.Sessions;

/// <summary>SQL for sessions: batched, idempotent writes (<c>unnest</c> of column arrays,
/// <c>ON CONFLICT DO NOTHING</c>) and the open sessions of a mount for recovery. An open session
/// written again with a referrer host its row lacks (a hook's <c>Referer</c> for a session a poll
/// opened) gets that host and its player kind; nothing else of an open row changes.</summary>
public sealed class SessionStore(NpgsqlDataSource db)
{
    /// <summary>Opens then closes in one transaction: a session opened and closed in the same batch
    /// ends up only in <c>listener_sessions</c>.</summary>
    public async Task WriteAsync(IReadOnlyList<OpenSession> opens, IReadOnlyList<FinishedSession> closes, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (opens.Count > 0)
        {
            await InsertOpenAsync(connection, tx, opens, ct);
        }

        if (closes.Count > 0)
        {
            await InsertFinishedAsync(connection, tx, closes, ct);
            await using var delete = new NpgsqlCommand("DELETE FROM open_sessions WHERE session_id = ANY(@ids)", connection, tx);
            delete.Parameters.AddWithValue("ids", closes.Select(c => c.SessionId).ToArray());
            await delete.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
    }

    /// <summary>Inserts finished sessions; returns how many were new (the rest were already there).</summary>
    public static async Task<int> InsertFinishedAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, IReadOnlyList<FinishedSession> rows, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO listener_sessions (session_id, server_id, mount, station_id, started_at, ended_at, duration_seconds,
                end_precision_seconds, listener_key, country_code, region, city, latitude, longitude, player, os, device,
                is_bot, bytes_sent, source, referrer_host, player_kind)
            SELECT * FROM unnest(@id, @server, @mount, @station, @started, @ended, @duration, @precision, @key, @country,
                @region, @city, @lat, @lon, @player, @os, @device, @bot, @bytes, @source, @referrer, @kind)
            ON CONFLICT (session_id) DO NOTHING
            """;
        await using var command = new NpgsqlCommand(sql, connection, tx);
        var p = command.Parameters;
        p.AddWithValue("id", rows.Select(r => r.SessionId).ToArray());
        p.AddWithValue("server", rows.Select(r => r.Server).ToArray());
        p.AddWithValue("mount", rows.Select(r => r.Mount).ToArray());
        p.Add(new NpgsqlParameter("station", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(r => r.Station).ToArray() });
        p.AddWithValue("started", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, rows.Select(r => r.StartedAt.UtcDateTime).ToArray());
        p.AddWithValue("ended", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, rows.Select(r => r.EndedAt.UtcDateTime).ToArray());
        p.AddWithValue("duration", rows.Select(r => r.DurationSeconds).ToArray());
        p.AddWithValue("precision", rows.Select(r => r.PrecisionSeconds).ToArray());
        AddProfile(p, rows.Select(r => r.Profile).ToList(), withCountryName: false);
        p.Add(new NpgsqlParameter("bytes", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = rows.Select(r => r.BytesSent).ToArray() });
        p.AddWithValue("source", rows.Select(r => r.Source).ToArray());
        return await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<OpenSession>> LoadOpenAsync(string server, string mount, CancellationToken ct)
    {
        await using var command = db.CreateCommand("""
            SELECT session_id, server_start, client_id, started_at, listener_key, country_code, country_name, region, city,
                   latitude, longitude, player, os, device, is_bot, source, referrer_host, player_kind
            FROM open_sessions WHERE server_id = @server AND mount = @mount
            """);
        command.Parameters.AddWithValue("server", server);
        command.Parameters.AddWithValue("mount", mount);
        var sessions = new List<OpenSession>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var profile = new ListenerProfile(reader.GetString(4), Text(reader, 5), Text(reader, 6), Text(reader, 7), Text(reader, 8),
                reader.IsDBNull(9) ? null : reader.GetDouble(9), reader.IsDBNull(10) ? null : reader.GetDouble(10),
                reader.GetString(11), reader.GetString(12), reader.GetString(13), reader.GetBoolean(14), Text(reader, 16), reader.GetString(17));
            sessions.Add(new OpenSession(reader.GetGuid(0), server, mount, reader.GetFieldValue<DateTimeOffset>(1), reader.GetInt64(2),
                reader.GetFieldValue<DateTimeOffset>(3), profile, reader.GetString(15)));
        }

        return sessions;
    }

    private static async Task InsertOpenAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<OpenSession> rows, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO open_sessions (session_id, server_id, mount, server_start, client_id, started_at, listener_key,
                country_code, region, city, latitude, longitude, player, os, device, is_bot, country_name, source, referrer_host, player_kind)
            SELECT * FROM unnest(@id, @server, @mount, @serverStart, @client, @started, @key, @country, @region, @city,
                @lat, @lon, @player, @os, @device, @bot, @countryName, @source, @referrer, @kind)
            ON CONFLICT (session_id) DO UPDATE SET referrer_host = EXCLUDED.referrer_host, player_kind = EXCLUDED.player_kind
            WHERE open_sessions.referrer_host IS NULL AND EXCLUDED.referrer_host IS NOT NULL
            """;
        await using var command = new NpgsqlCommand(sql, connection, tx);
        var p = command.Parameters;
        p.AddWithValue("id", rows.Select(r => r.SessionId).ToArray());
        p.AddWithValue("server", rows.Select(r => r.Server).ToArray());
        p.AddWithValue("mount", rows.Select(r => r.Mount).ToArray());
        p.AddWithValue("serverStart", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, rows.Select(r => r.ServerStart.UtcDateTime).ToArray());
        p.AddWithValue("client", rows.Select(r => r.ClientId).ToArray());
        p.AddWithValue("started", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, rows.Select(r => r.StartedAt.UtcDateTime).ToArray());
        AddProfile(p, rows.Select(r => r.Profile).ToList(), withCountryName: true);
        p.AddWithValue("source", rows.Select(r => r.Source).ToArray());
        await command.ExecuteNonQueryAsync(ct);
    }

    private static void AddProfile(NpgsqlParameterCollection p, List<ListenerProfile> profiles, bool withCountryName)
    {
        p.AddWithValue("key", profiles.Select(x => x.ListenerKey).ToArray());
        p.Add(NullableText("country", profiles.Select(x => x.CountryCode)));
        p.Add(NullableText("region", profiles.Select(x => x.Region)));
        p.Add(NullableText("city", profiles.Select(x => x.City)));
        p.Add(new NpgsqlParameter("lat", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = profiles.Select(x => x.Latitude).ToArray() });
        p.Add(new NpgsqlParameter("lon", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = profiles.Select(x => x.Longitude).ToArray() });
        p.AddWithValue("player", profiles.Select(x => x.Player).ToArray());
        p.AddWithValue("os", profiles.Select(x => x.Os).ToArray());
        p.AddWithValue("device", profiles.Select(x => x.Device).ToArray());
        p.AddWithValue("bot", profiles.Select(x => x.IsBot).ToArray());
        p.Add(NullableText("referrer", profiles.Select(x => x.ReferrerHost)));
        p.AddWithValue("kind", profiles.Select(x => x.PlayerKind).ToArray());
        if (withCountryName)
        {
            p.Add(NullableText("countryName", profiles.Select(x => x.CountryName)));
        }
    }

    private static NpgsqlParameter NullableText(string name, IEnumerable<string?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() };

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
