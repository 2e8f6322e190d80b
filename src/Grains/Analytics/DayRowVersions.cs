using Npgsql;

namespace Asteroid.Analytics;

/// <summary>When each stored row of a scope between two dates was last written, in a per-day table
/// (<c>daily_stats</c>, <c>geo_stats</c>): what a cache of parsed days checks before it answers.</summary>
internal static class DayRowVersions
{
    /// <param name="table">a table name of this code's own, never input</param>
    public static async Task<List<(DateOnly Day, DateTime UpdatedAt)>> ReadAsync(
        NpgsqlDataSource db, string table, Scope scope, DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var command = db.CreateCommand($"SELECT day, updated_at FROM {table} WHERE scope = @scope AND day BETWEEN @from AND @to");
        command.Parameters.AddWithValue("scope", scope.ToString());
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        var versions = new List<(DateOnly, DateTime)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            versions.Add((reader.GetFieldValue<DateOnly>(0), reader.GetDateTime(1)));
        }

        return versions;
    }
}
