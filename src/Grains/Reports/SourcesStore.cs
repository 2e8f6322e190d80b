using Asteroid.Analytics;
using Npgsql;

namespace Asteroid.Reports;

/// <summary>The sources report from raw sessions: one grouped query per dimension over the sessions
/// of the scope that start in the range (the <c>(mount, started_at)</c> indexes), net traffic being
/// the qualifying sessions as everywhere else.</summary>
public sealed class SourcesStore(NpgsqlDataSource db)
{
    /// <summary>Per value of <paramref name="column"/>; with <paramref name="windows"/> (a daypart's
    /// hours) only the sessions that start in them.</summary>
    public async Task<(List<SourceRow> Rows, bool Truncated)> ByAsync(ReportScope scope, Traffic traffic, string column, int limit,
        IReadOnlyList<(long From, long To)>? windows, CancellationToken ct)
    {
        if (column is not ("referrer_host" or "player_kind"))
        {
            throw new ArgumentOutOfRangeException(nameof(column), column, "not a sources dimension");
        }

        await using var command = db.CreateCommand();
        var net = traffic == Traffic.Net ? $" AND NOT is_bot AND duration_seconds >= {SessionFact.QualifyingSeconds}" : "";
        if (windows is not null)
        {
            net += " AND " + SessionSql.StartsIn(command, windows);
        }

        command.CommandText = $"""
            SELECT {column}, count(*), count(DISTINCT listener_key), coalesce(sum(duration_seconds), 0)
            FROM listener_sessions
            WHERE {scope.Members.SessionFilter(command)} AND started_at >= @from AND started_at < @to{net}
            GROUP BY {column} ORDER BY count(*) DESC, {column} NULLS LAST LIMIT @limit
            """;
        command.Parameters.AddWithValue("from", DateTimeOffset.FromUnixTimeSeconds(scope.FirstDay.Start).UtcDateTime);
        command.Parameters.AddWithValue("to", DateTimeOffset.FromUnixTimeSeconds(scope.LastDay.End).UtcDateTime);
        command.Parameters.AddWithValue("limit", limit + 1);
        var rows = new List<SourceRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new SourceRow(reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2),
                Math.Round(reader.GetInt64(3) / 3600.0, 3)));
        }

        var truncated = rows.Count > limit;
        return (truncated ? rows[..limit] : rows, truncated);
    }
}
