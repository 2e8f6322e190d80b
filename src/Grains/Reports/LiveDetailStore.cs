using Npgsql;

namespace Asteroid.Reports;

/// <summary>The recorded listener counts of a mount (what the live page's sparklines draw).</summary>
public sealed class LiveDetailStore(NpgsqlDataSource db)
{
    public async Task<List<SnapshotPoint>> SnapshotsAsync(string server, string mount, DateTimeOffset since, CancellationToken ct)
    {
        await using var command = db.CreateCommand(
            "SELECT at, listeners FROM listener_snapshots WHERE server_id = @s AND mount = @m AND at >= @since ORDER BY at");
        command.Parameters.AddWithValue("s", server);
        command.Parameters.AddWithValue("m", mount);
        command.Parameters.AddWithValue("since", since.UtcDateTime);
        var points = new List<SnapshotPoint>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            points.Add(new SnapshotPoint(reader.GetFieldValue<DateTimeOffset>(0), reader.GetInt32(1)));
        }

        return points;
    }
}
