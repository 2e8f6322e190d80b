using System.Diagnostics;
using Asteroid.Bench.History;
using Asteroid.Bench.Infrastructure;
using Asteroid.Sessions;
using Npgsql;
using NpgsqlTypes;

namespace Asteroid.Bench.Scenarios;

/// <summary>Durable session writes on one connection at a time (as one silo's SessionWriter):
/// finished sessions (hooks, imports, ends), the live path (a start row in open_sessions, then the
/// end moving it to listener_sessions), the physical reference (binary COPY of the same rows into a
/// table with the same indexes), and the per-poll design (one upsert per listener per poll).</summary>
public static class WriteScenario
{
    private const int Batch = 5000;

    public static async Task RunAsync(BenchSettings settings, Report report, CancellationToken ct)
    {
        await using var db = await BenchDatabase.CreateAsync(settings, "bench_writes", ct);
        await BenchDatabase.ExecuteAsync(db, """
            CREATE TABLE copy_sessions (LIKE listener_sessions INCLUDING ALL);
            CREATE TABLE seed_listeners (server_id text, mount text, client_id bigint, listener_key text, user_agent text,
                connected_seconds bigint, last_seen timestamptz, PRIMARY KEY (server_id, mount, client_id));
            """, ct);
        var generator = new HistoryGenerator(settings.Seed, settings.WriteRows * 365, new DateOnly(2025, 11, 1), 365);
        var rows = new List<FinishedSession>();
        for (var day = 0; rows.Count < settings.WriteRows; day++)
        {
            rows.AddRange(generator.Day(day).Select(d => d.Session));
        }

        rows = rows[..settings.WriteRows];
        var opens = rows.Select(r => new OpenSession(r.SessionId, r.Server, r.Mount, r.StartedAt.AddDays(-1), r.SessionId.GetHashCode(), r.StartedAt, r.Profile, r.Source)).ToList();
        var store = new SessionStore(db);
        List<double> finished = [], live = [], copy = [], perPoll = [];
        for (var run = 0; run < settings.Repetitions; run++)
        {
            await BenchDatabase.ExecuteAsync(db, "TRUNCATE listener_sessions, open_sessions, copy_sessions, seed_listeners; CHECKPOINT", ct);
            finished.Add(await RateAsync(rows.Count, async () =>
            {
                foreach (var chunk in rows.Chunk(Batch))
                {
                    await store.WriteAsync([], chunk, ct);
                }
            }));

            await BenchDatabase.ExecuteAsync(db, "TRUNCATE listener_sessions, open_sessions; CHECKPOINT", ct);
            live.Add(await RateAsync(rows.Count, async () =>
            {
                // A start batch, then the batch of the same sessions' ends: each session written twice.
                for (var i = 0; i < rows.Count; i += Batch)
                {
                    await store.WriteAsync(opens.GetRange(i, Math.Min(Batch, rows.Count - i)), [], ct);
                    await store.WriteAsync([], rows.GetRange(i, Math.Min(Batch, rows.Count - i)), ct);
                }
            }));

            copy.Add(await RateAsync(rows.Count, () => CopyAsync(db, rows, ct)));
            var pollRows = Math.Min(rows.Count, 50_000);
            perPoll.Add(await RateAsync(pollRows * 2, () => PerPollUpsertsAsync(db, opens.GetRange(0, pollRows), ct)));
            Report.Log($"writes run {run + 1}: finished {finished[^1]:N0}/s, live {live[^1]:N0}/s, COPY {copy[^1]:N0}/s, per-poll upserts {perPoll[^1]:N0}/s");
        }

        var copyRate = Stats.Median(copy);
        report.Add("writes", "raw COPY of session rows (physical reference)", copyRate, "rows/s", note: $"binary COPY, same table and indexes, {rows.Count:N0} rows, median of {settings.Repetitions}");
        report.Add("writes", "durable finished-session writes (SessionStore, batches of 5,000)", Stats.Median(finished), "rows/s",
            target: "≥ 50 % of COPY", met: Stats.Median(finished) >= 0.5 * copyRate, baseline: "COPY", ratio: Stats.Median(finished) / copyRate);
        report.Add("writes", "live path: start row then end row per session", Stats.Median(live), "sessions/s",
            baseline: "COPY", ratio: Stats.Median(live) / copyRate, note: "open_sessions insert, then insert into listener_sessions + delete, per batch");
        report.Add("writes", "per-poll design: one upsert per listener per poll", Stats.Median(perPoll), "rows/s",
            note: $"4 connections; at 10 s polling this caps a seed-style poller at ≈ {Stats.Median(perPoll) * 10:N0} listeners, before any report query");
    }

    private static async Task<double> RateAsync(int rows, Func<Task> write)
    {
        var clock = Stopwatch.StartNew();
        await write();
        return rows / clock.Elapsed.TotalSeconds;
    }

    private static async Task CopyAsync(NpgsqlDataSource db, List<FinishedSession> rows, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var import = await connection.BeginBinaryImportAsync("""
            COPY copy_sessions (session_id, server_id, mount, station_id, started_at, ended_at, duration_seconds, end_precision_seconds,
                listener_key, country_code, region, city, latitude, longitude, player, os, device, is_bot, bytes_sent, source) FROM STDIN (FORMAT BINARY)
            """, ct);
        foreach (var r in rows)
        {
            await import.StartRowAsync(ct);
            await import.WriteAsync(r.SessionId, NpgsqlDbType.Uuid, ct);
            await import.WriteAsync(r.Server, NpgsqlDbType.Text, ct);
            await import.WriteAsync(r.Mount, NpgsqlDbType.Text, ct);
            await import.WriteAsync(r.Station, NpgsqlDbType.Text, ct);
            await import.WriteAsync(r.StartedAt.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
            await import.WriteAsync(r.EndedAt.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
            await import.WriteAsync(r.DurationSeconds, NpgsqlDbType.Integer, ct);
            await import.WriteAsync(r.PrecisionSeconds, NpgsqlDbType.Integer, ct);
            await import.WriteAsync(r.Profile.ListenerKey, NpgsqlDbType.Text, ct);
            await import.WriteAsync(r.Profile.CountryCode, NpgsqlDbType.Text, ct);
            await import.WriteAsync(r.Profile.Region, NpgsqlDbType.Text, ct);
            await import.WriteAsync(r.Profile.City, NpgsqlDbType.Text, ct);
            await import.WriteAsync(r.Profile.Latitude, NpgsqlDbType.Double, ct);
            await import.WriteAsync(r.Profile.Longitude, NpgsqlDbType.Double, ct);
            await import.WriteAsync(r.Profile.Player, NpgsqlDbType.Text, ct);
            await import.WriteAsync(r.Profile.Os, NpgsqlDbType.Text, ct);
            await import.WriteAsync(r.Profile.Device, NpgsqlDbType.Text, ct);
            await import.WriteAsync(r.Profile.IsBot, NpgsqlDbType.Boolean, ct);
            await import.WriteAsync(r.BytesSent, NpgsqlDbType.Bigint, ct);
            await import.WriteAsync(r.Source, NpgsqlDbType.Text, ct);
        }

        await import.CompleteAsync(ct);
    }

    /// <summary>Two polls of the same listeners: every listener is upserted each time (the seed's
    /// "update last_seen per listener per poll"), one statement each, on 4 connections.</summary>
    private static async Task PerPollUpsertsAsync(NpgsqlDataSource db, List<OpenSession> listeners, CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        for (var poll = 0; poll < 2; poll++)
        {
            await Parallel.ForEachAsync(listeners.Chunk((listeners.Count + 3) / 4), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (part, token) =>
            {
                await using var connection = await db.OpenConnectionAsync(token);
                foreach (var l in part)
                {
                    await using var upsert = new NpgsqlCommand("""
                        INSERT INTO seed_listeners (server_id, mount, client_id, listener_key, user_agent, connected_seconds, last_seen)
                        VALUES (@s, @m, @c, @k, @ua, @cs, @t)
                        ON CONFLICT (server_id, mount, client_id) DO UPDATE SET connected_seconds = excluded.connected_seconds, last_seen = excluded.last_seen
                        """, connection);
                    upsert.Parameters.AddWithValue("s", l.Server);
                    upsert.Parameters.AddWithValue("m", l.Mount);
                    upsert.Parameters.AddWithValue("c", l.ClientId);
                    upsert.Parameters.AddWithValue("k", l.Profile.ListenerKey);
                    upsert.Parameters.AddWithValue("ua", l.Profile.Player);
                    upsert.Parameters.AddWithValue("cs", (long)poll * 10);
                    upsert.Parameters.AddWithValue("t", now.AddSeconds(poll * 10));
                    await upsert.ExecuteNonQueryAsync(token);
                }
            });
        }
    }
}
