using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Asteroid.Analytics;
using Npgsql;
using NpgsqlTypes;

namespace Asteroid.Shows;

/// <summary>An episode's audience as stored: its part (<see cref="WindowPart"/>) and its retention.</summary>
public sealed record class StoredEpisode(WindowPart Part, EpisodeRetention Retention);

/// <summary>SQL of <c>show_episode_audience</c> (migration 0031): the audience of ended episodes,
/// keyed by scope, a hash of the episode's exact windows and traffic, and valid while its version
/// (<see cref="VersionsAsync"/>) is the current one.</summary>
public sealed class EpisodeAudienceStore(NpgsqlDataSource db)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The key of a set of windows: the first 16 bytes of a SHA-256 of their bounds.</summary>
    public static byte[] WindowsKey(IReadOnlyList<(long From, long To)> windows)
    {
        var bytes = new byte[windows.Count * 16];
        for (var i = 0; i < windows.Count; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * 16), windows[i].From);
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * 16 + 8), windows[i].To);
        }

        return SHA256.HashData(bytes)[..16];
    }

    /// <summary>The scope's day rows (<c>daily_stats</c>) up to <paramref name="last"/>, in date
    /// order, each with its row version (xmin) and last write: what an episode's version is made of.</summary>
    public async Task<List<(DateOnly Day, long Xmin, DateTime UpdatedAt)>> DayRowsAsync(Scope scope, DateOnly last, CancellationToken ct)
    {
        await using var command = db.CreateCommand("SELECT day, xmin::text::bigint, updated_at FROM daily_stats WHERE scope = @scope AND day <= @last ORDER BY day");
        command.Parameters.AddWithValue("scope", scope.ToString());
        command.Parameters.AddWithValue("last", last);
        var rows = new List<(DateOnly, long, DateTime)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add((reader.GetFieldValue<DateOnly>(0), reader.GetInt64(1), reader.GetDateTime(2)));
        }

        return rows;
    }

    /// <summary>The version of every local date <c>d</c> an episode may end on: the members and the
    /// day rows up to <c>d + 1</c> (count, sum of xmin, last write). Any session an episode counts
    /// starts on or before that date, and every write of sessions (live, imported, rebuilt after a
    /// regrouping) writes the day rows of the days the sessions touch after it wrote them and
    /// their first-seen starts; so a session or first-seen start that changes an episode's audience
    /// moves its version.</summary>
    public static Func<DateOnly, string> Versions(IReadOnlyList<(DateOnly Day, long Xmin, DateTime UpdatedAt)> rows, ScopeMembers members)
    {
        var memberHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(members.Key))[..8]);
        return date =>
        {
            var through = date.AddDays(1);
            long count = 0, sum = 0, last = 0;
            foreach (var (day, xmin, updated) in rows)
            {
                if (day > through)
                {
                    break;
                }

                count++;
                sum += xmin;
                last = Math.Max(last, updated.Ticks);
            }

            return $"1:{memberHash}:{count}:{sum}:{last}";
        };
    }

    /// <summary>The stored episodes among <paramref name="keys"/> of the scope and traffic, with the version each was stored at.</summary>
    public async Task<Dictionary<string, (string Version, StoredEpisode Episode)>> ReadAsync(Scope scope, bool net, IReadOnlyCollection<byte[]> keys, CancellationToken ct)
    {
        var found = new Dictionary<string, (string, StoredEpisode)>(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return found;
        }

        await using var command = db.CreateCommand("""
            SELECT windows, version, part, listeners, new_listeners, edge_sessions FROM show_episode_audience
            WHERE scope = @scope AND net = @net AND windows = ANY(@keys)
            """);
        command.Parameters.AddWithValue("scope", scope.ToString());
        command.Parameters.AddWithValue("net", net);
        command.Parameters.AddWithValue("keys", keys.ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var row = JsonSerializer.Deserialize<PartRow>(reader.GetString(2), Json)!;
            var part = new WindowPart(row.Sessions, row.ShortSessions, row.BotSessions, row.ActiveSessions, row.SessionsEnded, row.Seconds,
                row.TuneIns, row.TuneOuts, row.WindowSeconds, row.QuartersHeard, row.Quarters, row.Peak, row.PeakAt,
                Hashes(reader.GetFieldValue<byte[]>(3)), Hashes(reader.GetFieldValue<byte[]>(4)), Edges(reader.GetFieldValue<byte[]>(5)), row.End, row.TuneOutsAtEnd);
            found[Convert.ToHexString(reader.GetFieldValue<byte[]>(0))] = (reader.GetString(1), new StoredEpisode(part, new EpisodeRetention(row.AtStart, row.Shares)));
        }

        return found;
    }

    /// <summary>The version each of <paramref name="keys"/> is stored at (those stored), without the rows: what the fill job compares.</summary>
    public async Task<Dictionary<string, string>> StoredVersionsAsync(Scope scope, bool net, IReadOnlyCollection<byte[]> keys, CancellationToken ct)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return found;
        }

        await using var command = db.CreateCommand("SELECT windows, version FROM show_episode_audience WHERE scope = @scope AND net = @net AND windows = ANY(@keys)");
        command.Parameters.AddWithValue("scope", scope.ToString());
        command.Parameters.AddWithValue("net", net);
        command.Parameters.AddWithValue("keys", keys.ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            found[Convert.ToHexString(reader.GetFieldValue<byte[]>(0))] = reader.GetString(1);
        }

        return found;
    }

    /// <summary>Stores (or replaces) episodes computed from the raw sessions at <c>Version</c>.</summary>
    public async Task WriteAsync(Scope scope, bool net, IReadOnlyList<(byte[] Key, string Version, DateTimeOffset End, StoredEpisode Episode)> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var batch = db.CreateBatch();
        foreach (var (key, version, end, episode) in rows.OrderBy(r => Convert.ToHexString(r.Key), StringComparer.Ordinal))
        {
            var p = episode.Part;
            var command = new NpgsqlBatchCommand("""
                INSERT INTO show_episode_audience (scope, windows, net, version, episode_end, part, listeners, new_listeners, edge_sessions)
                VALUES (@scope, @windows, @net, @version, @end, @part, @listeners, @new, @edges)
                ON CONFLICT (scope, windows, net) DO UPDATE SET version = excluded.version, episode_end = excluded.episode_end, part = excluded.part,
                    listeners = excluded.listeners, new_listeners = excluded.new_listeners, edge_sessions = excluded.edge_sessions, stored_at = now()
                """);
            command.Parameters.AddWithValue("scope", scope.ToString());
            command.Parameters.AddWithValue("windows", key);
            command.Parameters.AddWithValue("net", net);
            command.Parameters.AddWithValue("version", version);
            command.Parameters.AddWithValue("end", end.UtcDateTime);
            command.Parameters.AddWithValue("part", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(new PartRow(p.Sessions, p.ShortSessions, p.BotSessions, p.ActiveSessions,
                p.SessionsEnded, p.Seconds, p.TuneIns, p.TuneOuts, p.WindowSeconds, p.QuartersHeard, p.Quarters, p.Peak, p.PeakAt,
                episode.Retention.ListenersAtStart, episode.Retention.Shares, p.End, p.TuneOutsAtEnd), Json));
            command.Parameters.AddWithValue("listeners", Bytes(p.Listeners));
            command.Parameters.AddWithValue("new", Bytes(p.NewListeners));
            command.Parameters.AddWithValue("edges", Bytes(p.Edges));
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The stations that have shows (what the fill job looks at).</summary>
    public async Task<List<string>> StationsWithShowsAsync(CancellationToken ct)
    {
        await using var command = db.CreateCommand("SELECT DISTINCT station_id FROM station_shows ORDER BY 1");
        var stations = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            stations.Add(reader.GetString(0));
        }

        return stations;
    }

    private static byte[] Bytes(ulong[] hashes)
    {
        var bytes = new byte[hashes.Length * 8];
        for (var i = 0; i < hashes.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 8), hashes[i]);
        }

        return bytes;
    }

    private static ulong[] Hashes(byte[] bytes)
    {
        var hashes = new ulong[bytes.Length / 8];
        for (var i = 0; i < hashes.Length; i++)
        {
            hashes[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(i * 8));
        }

        return hashes;
    }

    private static byte[] Bytes(EdgeSession[] edges)
    {
        var bytes = new byte[edges.Length * 24];
        for (var i = 0; i < edges.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 24), edges[i].Listener);
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * 24 + 8), edges[i].Start);
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * 24 + 16), edges[i].End);
        }

        return bytes;
    }

    private static EdgeSession[] Edges(byte[] bytes)
    {
        var edges = new EdgeSession[bytes.Length / 24];
        for (var i = 0; i < edges.Length; i++)
        {
            edges[i] = new EdgeSession(BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(i * 24)),
                BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(i * 24 + 8)), BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(i * 24 + 16)));
        }

        return edges;
    }

    private sealed record class PartRow(long Sessions, long ShortSessions, long BotSessions, long ActiveSessions, long SessionsEnded, long Seconds,
        int TuneIns, int TuneOuts, long WindowSeconds, long QuartersHeard, int Quarters, int Peak, long? PeakAt, int AtStart, IReadOnlyList<double> Shares,
        long End, int TuneOutsAtEnd);
}
