using System.Data;
using System.Runtime.CompilerServices;
using Asteroid.Analytics;
using Npgsql;

namespace Asteroid.Reports;

/// <summary>Reads a scope's raw sessions for the export, streamed from one query (rows are never
/// collected in memory), with times in the station's zone.</summary>
public sealed class SessionExportStore(NpgsqlDataSource db)
{
    public async IAsyncEnumerable<SessionExportRow> ReadAsync(ReportScope scope, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using var command = new NpgsqlCommand { Connection = connection, Transaction = tx };
        command.CommandText = $"""
            SELECT {string.Join(", ", SessionSql.Columns.Select(c => c.Column))}
            FROM listener_sessions WHERE {SessionSql.ScopeFilter(scope.Members, command)} AND started_at >= @from AND started_at < @to ORDER BY started_at
            """;
        command.Parameters.AddWithValue("from", DateTimeOffset.FromUnixTimeSeconds(scope.FirstDay.Start).UtcDateTime);
        command.Parameters.AddWithValue("to", DateTimeOffset.FromUnixTimeSeconds(scope.LastDay.End).UtcDateTime);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
        while (await reader.ReadAsync(ct))
        {
            yield return await RowAsync(reader, scope.Zone, ct);
        }
    }

    /// <summary>One page of the sessions that start in the range, of the traffic asked for and
    /// matching the filter, after the keyset position, ordered by (start, id): one indexed range scan.
    /// The next position is set when more rows follow.</summary>
    public async Task<(List<SessionExportRow> Rows, SessionKeyset? Next)> PageAsync(ReportScope scope, SessionListRequest request,
        IReadOnlyList<(long From, long To)>? windows = null, CancellationToken ct = default)
    {
        await using var command = db.CreateCommand();
        var conditions = new List<string>
        {
            SessionSql.ScopeFilter(scope.Members, command),
            "started_at >= @from AND started_at < @to",
        };
        if (request.Report.Traffic == Traffic.Net)
        {
            conditions.Add($"NOT is_bot AND duration_seconds >= {SessionFact.QualifyingSeconds}");
        }

        void Equal(string column, string name, string? value)
        {
            if (value is not null)
            {
                conditions.Add(value.Length == 0 ? $"{column} IS NULL" : $"{column} = @{name}");
                command.Parameters.AddWithValue(name, value);
            }
        }

        var f = request.Filter;
        Equal("country_code", "country", f.Country);
        Equal("city", "city", f.City);
        Equal("player", "player", f.Player);
        Equal("os", "os", f.Os);
        Equal("device", "device", f.Device);
        Equal("referrer_host", "referrer", f.Referrer);
        Equal("player_kind", "playerKind", f.PlayerKind);
        if (f.Hour is { } hour)
        {
            conditions.Add("extract(hour FROM started_at AT TIME ZONE @zone) = @hour");
            command.Parameters.AddWithValue("zone", scope.Zone.Id);
            command.Parameters.AddWithValue("hour", hour);
        }

        if (windows is not null)
        {
            conditions.Add(SessionSql.StartsIn(command, windows));
        }

        if (request.After is { } after)
        {
            conditions.Add("(started_at, session_id) > (@afterStart, @afterId)");
            command.Parameters.AddWithValue("afterStart", DateTime.SpecifyKind(after.StartedAtUtc, DateTimeKind.Utc));
            command.Parameters.AddWithValue("afterId", after.SessionId);
        }

        command.CommandText =
            $"SELECT {string.Join(", ", SessionSql.Columns.Select(c => c.Column))} FROM listener_sessions WHERE {string.Join(" AND ", conditions)} "
            + "ORDER BY started_at, session_id LIMIT @limit";
        command.Parameters.AddWithValue("from", DateTimeOffset.FromUnixTimeSeconds(scope.FirstDay.Start).UtcDateTime);
        command.Parameters.AddWithValue("to", DateTimeOffset.FromUnixTimeSeconds(scope.LastDay.End).UtcDateTime);
        command.Parameters.AddWithValue("limit", request.Limit + 1);
        var rows = new List<(SessionExportRow Row, SessionKeyset Key)>();
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetGuid(0);
            var row = await RowAsync(reader, scope.Zone, ct, id);
            rows.Add((row, new SessionKeyset(row.StartedAt.UtcDateTime, id)));
        }

        return rows.Count <= request.Limit
            ? ([.. rows.Select(r => r.Row)], null)
            : ([.. rows.Take(request.Limit).Select(r => r.Row)], rows[request.Limit - 1].Key);
    }

    /// <summary>A row in column order (SequentialAccess reads each column once, left to right).</summary>
    private static async Task<SessionExportRow> RowAsync(NpgsqlDataReader reader, TimeZoneInfo zone, CancellationToken ct, Guid? id = null) =>
        new(
            (id ?? reader.GetGuid(0)).ToString(),
            reader.GetString(1),
            reader.GetString(2),
            await NullableAsync<string>(reader, 3, ct),
            Local(reader.GetDateTime(4), zone),
            Local(reader.GetDateTime(5), zone),
            reader.GetInt32(6),
            reader.GetInt32(7),
            reader.GetString(8),
            await NullableAsync<string>(reader, 9, ct),
            await NullableAsync<string>(reader, 10, ct),
            await NullableAsync<string>(reader, 11, ct),
            await NullableValueAsync<double>(reader, 12, ct),
            await NullableValueAsync<double>(reader, 13, ct),
            reader.GetString(14),
            reader.GetString(15),
            reader.GetString(16),
            reader.GetBoolean(17),
            await NullableValueAsync<long>(reader, 18, ct),
            reader.GetString(19));

    private static DateTimeOffset Local(DateTime utc, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(new DateTimeOffset(utc, TimeSpan.Zero), zone);

    private static async Task<T?> NullableAsync<T>(NpgsqlDataReader reader, int i, CancellationToken ct) where T : class =>
        await reader.IsDBNullAsync(i, ct) ? null : reader.GetFieldValue<T>(i);

    private static async Task<T?> NullableValueAsync<T>(NpgsqlDataReader reader, int i, CancellationToken ct) where T : struct =>
        await reader.IsDBNullAsync(i, ct) ? null : reader.GetFieldValue<T>(i);
}
