using Asteroid.Bench.History;
using Asteroid.Bench.Infrastructure;
using Npgsql;

namespace Asteroid.Bench.Scenarios;

/// <summary>Generates the year of history (10 M sessions, or 1 M with --quick) for 100 mounts in 10
/// stations and loads it through the project's write path into the database <c>bench_history</c>,
/// which the query and export scenarios then read. 367 UTC days end three days before today, so
/// every local day of the 365 queried is complete and stored (not live).</summary>
public static class HistoryScenario
{
    public const string Database = "bench_history";
    public const int Days = 367;

    public static DateOnly FirstDay => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-3 - Days);

    /// <summary>The 365 complete local days of the history in every station's time zone.</summary>
    public static (DateOnly From, DateOnly To) Year => (FirstDay.AddDays(1), FirstDay.AddDays(365));

    public static async Task RunAsync(BenchSettings settings, Report report, CancellationToken ct)
    {
        await using var db = await BenchDatabase.CreateAsync(settings, Database, ct);
        var generator = new HistoryGenerator(settings.Seed, settings.HistorySessions, FirstDay, Days);
        Report.Log($"history: generating and loading {settings.HistorySessions:N0} sessions over {Days} days, {generator.Listeners:N0} listeners");
        var result = await new HistoryLoader(db, generator).LoadAsync(Report.Log, ct);
        await BenchDatabase.ExecuteAsync(db, "VACUUM ANALYZE", ct);
        var rows = await BenchDatabase.CountAsync(db, "SELECT count(*) FROM listener_sessions", ct);
        var size = await BenchDatabase.CountAsync(db, "SELECT pg_total_relation_size('listener_sessions')", ct);
        var aggregateSize = await BenchDatabase.CountAsync(db, "SELECT pg_total_relation_size('daily_stats')", ct);
        report.Add("history", "sessions loaded (generate + write + aggregate)", result.Sessions / result.Elapsed.TotalSeconds, "sessions/s",
            note: $"{rows:N0} rows in listener_sessions ({size / 1048576.0:N0} MB), {result.DayRows:N0} day aggregates ({aggregateSize / 1048576.0:N0} MB), {result.Elapsed.TotalSeconds:N0} s; writers busy {string.Join(", ", result.WriteTime.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => $"{w.Key} {w.Value.TotalSeconds:N0} s"))}");
        if (rows != result.Sessions)
        {
            throw new InvalidOperationException($"history: {result.Sessions} sessions generated but {rows} rows stored");
        }
    }

    /// <summary><c>reaggregate</c>: for a history loaded by an older bench (day rows without the
    /// network and server scopes or the gross part), migrates it and re-aggregates its raw sessions
    /// with the loader's day loop (<see cref="HistoryLoader.ReaggregateAsync"/>) instead of
    /// reloading it — a fresh load writes the same rows. The service's own upgrade path (rebuild jobs and the
    /// start-up reconciler) is the <c>upgrade</c> scenario.</summary>
    public static async Task ReaggregateAsync(BenchSettings settings, Report report, CancellationToken ct)
    {
        await using var db = await OpenLoadedAsync(settings, ct);
        await BenchDatabase.MigrateAsync(db, ct);
        Report.Log("reaggregate: re-aggregating the stored raw sessions (every scope, net and gross)");
        var result = await HistoryLoader.ReaggregateAsync(db, Report.Log, ct);
        await BenchDatabase.ExecuteAsync(db, "VACUUM ANALYZE", ct);
        report.Add("history", "stored sessions re-aggregated (read + aggregate + write day rows)", result.Sessions / result.Elapsed.TotalSeconds, "sessions/s",
            note: $"{result.Sessions:N0} sessions, {result.DayRows:N0} day aggregates (station, mount, server, network), {result.Elapsed.TotalSeconds:N0} s; writers busy {string.Join(", ", result.WriteTime.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => $"{w.Key} {w.Value.TotalSeconds:N0} s"))}");
    }

    /// <summary>The loaded history; fails with what to do when this PostgreSQL has none (the query and
    /// export scenarios need the history scenario first, in the same run or an earlier one with
    /// ASTEROID_BENCH_PG).</summary>
    public static async Task<NpgsqlDataSource> OpenLoadedAsync(BenchSettings settings, CancellationToken ct)
    {
        await using (var admin = NpgsqlDataSource.Create(settings.ConnectionString("postgres")))
        {
            if (await BenchDatabase.CountAsync(admin, $"SELECT count(*) FROM pg_database WHERE datname = '{Database}'", ct) == 0)
            {
                throw new InvalidOperationException($"no {Database} database: run the history scenario first (with ASTEROID_BENCH_PG to keep it between runs)");
            }
        }

        var db = NpgsqlDataSource.Create(settings.ConnectionString(Database));
        if (await BenchDatabase.CountAsync(db, "SELECT count(*) FROM (SELECT 1 FROM listener_sessions LIMIT 1) s", ct) == 0)
        {
            await db.DisposeAsync();
            throw new InvalidOperationException($"{Database} has no sessions: run the history scenario first");
        }

        return db;
    }
}
