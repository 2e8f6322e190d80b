using Npgsql;
using NpgsqlTypes;

namespace Asteroid.Analytics;

/// <summary>SQL of the geo days (<c>geo_stats</c>: one row per scope and day with its country and city cells).</summary>
public sealed class GeoStore(NpgsqlDataSource db)
{
    private const string SaveSql = """
        INSERT INTO geo_stats (scope, day, cells, gross_cells, gross_at, updated_at) VALUES (@scope, @day, @cells, @grossCells, now(), now())
        ON CONFLICT (scope, day) DO UPDATE SET cells = excluded.cells, gross_cells = excluded.gross_cells, gross_at = now(), updated_at = now()
        """;

    public async Task SaveAsync(Scope scope, GeoDay day, CancellationToken ct)
    {
        await using var command = db.CreateCommand(SaveSql);
        AddSaveParameters(command.Parameters, scope, day);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The statement of <see cref="SaveAsync"/> as one command of a batch (see <see cref="AggregateStore.SaveCommand"/>).</summary>
    public static NpgsqlBatchCommand SaveCommand(Scope scope, GeoDay day)
    {
        var command = new NpgsqlBatchCommand(SaveSql);
        AddSaveParameters(command.Parameters, scope, day);
        return command;
    }

    private static void AddSaveParameters(NpgsqlParameterCollection p, Scope scope, GeoDay day)
    {
        p.AddWithValue("scope", scope.ToString());
        p.AddWithValue("day", day.Date);
        p.AddWithValue("cells", NpgsqlDbType.Jsonb, day.ToJson());
        p.Add(new NpgsqlParameter("grossCells", NpgsqlDbType.Jsonb) { Value = day.ExtraCells is { } extra ? GeoDay.ToJson(extra) : DBNull.Value });
    }

    /// <summary>The stored geo days of a scope between two dates (inclusive), in date order.</summary>
    public async Task<List<GeoDay>> LoadAsync(Scope scope, DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var command = db.CreateCommand($"SELECT {Columns} FROM geo_stats WHERE scope = @scope AND day BETWEEN @from AND @to ORDER BY day");
        command.Parameters.AddWithValue("scope", scope.ToString());
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        return [.. (await ReadAsync(command, ct)).Select(d => d.Day)];
    }

    public Task<List<(DateOnly Day, DateTime UpdatedAt)>> VersionsAsync(Scope scope, DateOnly from, DateOnly to, CancellationToken ct) =>
        DayRowVersions.ReadAsync(db, "geo_stats", scope, from, to, ct);

    /// <summary>Some stored geo days of a scope, with when each was written and a rough size in memory once parsed.</summary>
    public async Task<List<(GeoDay Day, DateTime UpdatedAt, int Bytes)>> LoadDaysAsync(Scope scope, IReadOnlyList<DateOnly> days, CancellationToken ct)
    {
        await using var command = db.CreateCommand($"SELECT {Columns} FROM geo_stats WHERE scope = @scope AND day = ANY(@days)");
        command.Parameters.AddWithValue("scope", scope.ToString());
        command.Parameters.AddWithValue("days", days.ToArray());
        return await ReadAsync(command, ct);
    }

    /// <summary>The gross cells count only when written with the row (<c>gross_at = updated_at</c>,
    /// one statement's <c>now()</c>): a silo of the previous release rewrites <c>cells</c> and
    /// <c>updated_at</c> and leaves them stale.</summary>
    private const string Columns = "day, cells, updated_at, CASE WHEN gross_at = updated_at THEN gross_cells END";

    private static async Task<List<(GeoDay Day, DateTime UpdatedAt, int Bytes)>> ReadAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var loaded = new List<(GeoDay, DateTime, int)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var json = reader.GetString(1);
            var extra = reader.IsDBNull(3) ? null : reader.GetString(3);
            loaded.Add((GeoDay.FromJson(reader.GetFieldValue<DateOnly>(0), json, extra), reader.GetDateTime(2), (json.Length + (extra?.Length ?? 0)) * 4));
        }

        return loaded;
    }
}
