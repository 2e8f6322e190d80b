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
            // In column order (SequentialAccess reads each column once, left to right).
            yield return new SessionExportRow(
                reader.GetGuid(0).ToString(),
                reader.GetString(1),
                reader.GetString(2),
                await NullableAsync<string>(reader, 3, ct),
                Local(reader.GetDateTime(4), scope.Zone),
                Local(reader.GetDateTime(5), scope.Zone),
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
        }
    }

    private static DateTimeOffset Local(DateTime utc, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(new DateTimeOffset(utc, TimeSpan.Zero), zone);

    private static async Task<T?> NullableAsync<T>(NpgsqlDataReader reader, int i, CancellationToken ct) where T : class =>
        await reader.IsDBNullAsync(i, ct) ? null : reader.GetFieldValue<T>(i);

    private static async Task<T?> NullableValueAsync<T>(NpgsqlDataReader reader, int i, CancellationToken ct) where T : struct =>
        await reader.IsDBNullAsync(i, ct) ? null : reader.GetFieldValue<T>(i);
}
