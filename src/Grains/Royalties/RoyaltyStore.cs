using Asteroid.Analytics;
using Npgsql;
using NpgsqlTypes;

namespace Asteroid.Royalties;

/// <summary>SQL of the royalty reports: the catalogue (replaced as a whole), the stations' royalty
/// settings, and the sessions of a station's mounts over a period (finished and open, no address).</summary>
public sealed class RoyaltyStore(NpgsqlDataSource db)
{
    public async Task<int> ReplaceCatalogAsync(IReadOnlyList<CatalogEntry> entries, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var delete = new NpgsqlCommand("DELETE FROM catalog", connection, tx))
        {
            await delete.ExecuteNonQueryAsync(ct);
        }

        const string sql = """
            INSERT INTO catalog (position, artist, title, album, label, isrc, duration_seconds, music, direct_license, match_key)
            SELECT * FROM unnest(@position, @artist, @title, @album, @label, @isrc, @duration, @music, @direct, @key)
            """;
        foreach (var chunk in entries.Select((e, i) => (e, i)).Chunk(5000))
        {
            await using var insert = new NpgsqlCommand(sql, connection, tx);
            var p = insert.Parameters;
            p.AddWithValue("position", chunk.Select(c => c.i).ToArray());
            p.Add(new NpgsqlParameter("artist", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = chunk.Select(c => c.e.Artist).ToArray() });
            p.AddWithValue("title", chunk.Select(c => c.e.Title).ToArray());
            p.Add(new NpgsqlParameter("album", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = chunk.Select(c => c.e.Album).ToArray() });
            p.Add(new NpgsqlParameter("label", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = chunk.Select(c => c.e.Label).ToArray() });
            p.Add(new NpgsqlParameter("isrc", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = chunk.Select(c => RoyaltyNames.Isrc(c.e.Isrc)).ToArray() });
            p.Add(new NpgsqlParameter("duration", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = chunk.Select(c => c.e.DurationSeconds).ToArray() });
            p.AddWithValue("music", chunk.Select(c => c.e.Music).ToArray());
            p.AddWithValue("direct", chunk.Select(c => c.e.DirectLicense).ToArray());
            p.AddWithValue("key", chunk.Select(c => c.e.MatchKey).ToArray());
            await insert.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        return entries.Count;
    }

    public async Task<IReadOnlyList<CatalogEntry>> CatalogAsync(CancellationToken ct)
    {
        await using var command = db.CreateCommand(
            "SELECT artist, title, album, label, isrc, duration_seconds, music, direct_license FROM catalog ORDER BY position");
        var entries = new List<CatalogEntry>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            entries.Add(new CatalogEntry(Text(reader, 0), reader.GetString(1), Text(reader, 2), Text(reader, 3), Text(reader, 4),
                reader.IsDBNull(5) ? null : reader.GetInt32(5), reader.GetBoolean(6), reader.GetBoolean(7)));
        }

        return entries;
    }

    public async Task<RoyaltySettings> SettingsAsync(string station, CancellationToken ct)
    {
        await using var command = db.CreateCommand("SELECT service_name, transmission_category, non_music_patterns FROM station_royalties WHERE station_id = @station");
        command.Parameters.AddWithValue("station", station);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new RoyaltySettings(Text(reader, 0), Text(reader, 1), reader.GetFieldValue<string[]>(2))
            : RoyaltySettings.Default;
    }

    public async Task PutSettingsAsync(string station, RoyaltySettings settings, CancellationToken ct)
    {
        await using var command = db.CreateCommand("""
            INSERT INTO station_royalties (station_id, service_name, transmission_category, non_music_patterns, updated_at)
            VALUES (@station, @service, @category, @patterns, now())
            ON CONFLICT (station_id) DO UPDATE SET service_name = EXCLUDED.service_name, transmission_category = EXCLUDED.transmission_category,
                non_music_patterns = EXCLUDED.non_music_patterns, updated_at = now()
            """);
        command.Parameters.AddWithValue("station", station);
        command.Parameters.Add(new NpgsqlParameter("service", NpgsqlDbType.Text) { Value = (object?)settings.ServiceName ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("category", NpgsqlDbType.Text) { Value = (object?)settings.TransmissionCategory ?? DBNull.Value });
        command.Parameters.AddWithValue("patterns", settings.NonMusicPatterns.ToArray());
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The non-bot sessions of the members' mounts overlapping [from, to): finished ones, and open
    /// ones ending at <paramref name="now"/> (bots never count in a royalty figure: they are not read at all).</summary>
    public async Task<IReadOnlyList<SourceSession>> SessionsAsync(ScopeMembers members, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = db.CreateCommand();
        command.CommandText = $"""
            {SessionSql.Overlapping(command, "server_id, mount, listener_key, started_at, ended_at, country_code, is_bot",
                $"{members.SessionFilter(command)} AND NOT is_bot", from, to)}
            UNION ALL
            SELECT server_id, mount, listener_key, started_at, NULL, country_code, is_bot FROM open_sessions
            WHERE {members.Filter(command)} AND started_at < @overlap_to AND NOT is_bot
            """;
        var sessions = new List<SourceSession>();
        var nowMs = now.ToUnixTimeMilliseconds();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var start = Ms(reader.GetDateTime(3));
            var end = reader.IsDBNull(4) ? Math.Max(start, nowMs) : Ms(reader.GetDateTime(4));
            sessions.Add(new SourceSession(reader.GetString(0), reader.GetString(1), reader.GetString(2), start, end,
                Text(reader, 5)?.ToUpperInvariant(), reader.GetBoolean(6)));
        }

        return sessions;
    }

    private static long Ms(DateTime t) => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
