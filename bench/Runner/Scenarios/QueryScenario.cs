using System.Diagnostics;
using System.Globalization;
using Asteroid.Bench.History;
using Asteroid.Bench.Infrastructure;
using Npgsql;

namespace Asteroid.Bench.Scenarios;

/// <summary>Report latency on the year of history: the stats API of a running src/Web (HTTP on
/// loopback, as a client sees it) against the seed design — the same figures computed per query by
/// SQL over raw <c>listener_sessions</c> (<c>COUNT(DISTINCT listener_key)</c>, <c>SUM(duration)</c>),
/// with the indexes the seed would have (station, start).</summary>
public static class QueryScenario
{
    private const string Qualifying = "duration_seconds >= 60 AND NOT is_bot";
    private const string ScopeFilter = "@scopeFilter"; // replaced per query: the station's sessions, or every session

    private static string SeedSqlFor(string sql, bool network) =>
        sql.Replace(ScopeFilter, network ? "true" : "station_id = @station", StringComparison.Ordinal);

    /// <summary>A report over the last <paramref name="Days"/> days, per station (cycling the 10) or, with
    /// <paramref name="Network"/>, of the whole network (no scope parameter; UTC; the seed's SQL then
    /// reads every station's sessions).</summary>
    private sealed record class Kind(string Name, string Path, int Days, string SeedSql, bool Network = false)
    {
        public int Scopes => Network ? 1 : BenchNetwork.Stations;
    }

    private static readonly Kind[] Kinds =
    [
        new("daily over 365 days", "/api/asteroid/stats/daily", 365, $"""
            SELECT (started_at AT TIME ZONE @tz)::date AS day, count(*) FILTER (WHERE {Qualifying}),
                   count(DISTINCT listener_key) FILTER (WHERE {Qualifying}), sum(duration_seconds) FILTER (WHERE {Qualifying}) / 60.0,
                   count(*) FILTER (WHERE is_bot), count(*) FILTER (WHERE duration_seconds < 60 AND NOT is_bot)
            FROM listener_sessions WHERE {ScopeFilter} AND started_at >= @from AND started_at < @to GROUP BY 1 ORDER BY 1
            """),
        new("hourly over 7 days", "/api/asteroid/stats/hourly", 7, $"""
            SELECT date_trunc('hour', started_at AT TIME ZONE @tz) AS hour, count(*) FILTER (WHERE {Qualifying}),
                   count(DISTINCT listener_key) FILTER (WHERE {Qualifying}), sum(duration_seconds) FILTER (WHERE {Qualifying}) / 60.0
            FROM listener_sessions WHERE {ScopeFilter} AND started_at >= @from AND started_at < @to GROUP BY 1 ORDER BY 1
            """),
        new("geo over 30 days", "/api/asteroid/stats/geo", 30, $"""
            SELECT country_code, city, count(*), count(DISTINCT listener_key), sum(duration_seconds) / 60.0
            FROM listener_sessions WHERE {ScopeFilter} AND started_at >= @from AND started_at < @to AND {Qualifying}
            GROUP BY 1, 2 ORDER BY 4 DESC
            """),
        new("range uniques over 30 days", "/api/asteroid/stats/summary", 30, $"""
            SELECT count(DISTINCT listener_key), count(*), sum(duration_seconds) / 60.0
            FROM listener_sessions WHERE {ScopeFilter} AND started_at >= @from AND started_at < @to AND {Qualifying}
            """),
        new("network: daily over 365 days", "/api/asteroid/stats/daily", 365, $"""
            SELECT (started_at AT TIME ZONE @tz)::date AS day, count(*) FILTER (WHERE {Qualifying}),
                   count(DISTINCT listener_key) FILTER (WHERE {Qualifying}), sum(duration_seconds) FILTER (WHERE {Qualifying}) / 60.0,
                   count(*) FILTER (WHERE is_bot), count(*) FILTER (WHERE duration_seconds < 60 AND NOT is_bot)
            FROM listener_sessions WHERE {ScopeFilter} AND started_at >= @from AND started_at < @to GROUP BY 1 ORDER BY 1
            """, Network: true),
        new("network: range uniques over 30 days", "/api/asteroid/stats/summary", 30, $"""
            SELECT count(DISTINCT listener_key), count(*), sum(duration_seconds) / 60.0
            FROM listener_sessions WHERE {ScopeFilter} AND started_at >= @from AND started_at < @to AND {Qualifying}
            """, Network: true),
    ];

    public static async Task RunAsync(BenchSettings settings, Report report, CancellationToken ct)
    {
        await using var db = await HistoryScenario.OpenLoadedAsync(settings, ct);
        await using var node = await WebNode.StartAsync(settings, HistoryScenario.Database, "web-queries", BenchNetwork.StationConfiguration());
        using var http = node.Client();
        var (_, lastDay) = HistoryScenario.Year;
        await CheckUniquesAsync(db, http, report, 0, lastDay.AddDays(-29), lastDay, ct);
        await CheckUniquesAsync(db, http, report, null, lastDay.AddDays(-29), lastDay, ct);
        foreach (var kind in Kinds)
        {
            var from = lastDay.AddDays(1 - kind.Days);
            string Url(int station) => kind.Network
                ? $"{kind.Path}?from={from:yyyy-MM-dd}&to={lastDay:yyyy-MM-dd}"
                : $"{kind.Path}?station={BenchNetwork.StationId(station)}&from={from:yyyy-MM-dd}&to={lastDay:yyyy-MM-dd}";
            // The first request per scope finds nothing in the node's cache of parsed days: it is the
            // cold figure (JIT, connections and PostgreSQL's buffers are warm after the first station).
            var cold = new List<double>();
            for (var s = 0; s < kind.Scopes; s++)
            {
                var clock = Stopwatch.StartNew();
                using var response = await http.GetAsync(Url(s), ct);
                _ = await response.Content.ReadAsByteArrayAsync(ct);
                response.EnsureSuccessStatusCode();
                cold.Add(clock.Elapsed.TotalMilliseconds);
            }

            var ours = new List<double>();
            for (var i = 0; i < settings.QueryRepetitions; i++)
            {
                var clock = Stopwatch.StartNew();
                using var response = await http.GetAsync(Url(i % kind.Scopes), ct);
                _ = await response.Content.ReadAsByteArrayAsync(ct);
                response.EnsureSuccessStatusCode();
                ours.Add(clock.Elapsed.TotalMilliseconds);
            }

            var seed = new List<double>();
            for (var i = -1; i < settings.SeedQueryRepetitions; i++)
            {
                var station = Math.Max(0, i) % kind.Scopes;
                var clock = Stopwatch.StartNew();
                await SeedQueryAsync(db, SeedSqlFor(kind.SeedSql, kind.Network), kind.Network ? null : station, from, lastDay, ct);
                if (i >= 0)
                {
                    seed.Add(clock.Elapsed.TotalMilliseconds); // the first run warms the cache and is not counted
                }
            }

            var p95 = Stats.Percentile(ours, 95);
            var scopes = kind.Network ? "the network" : $"{BenchNetwork.Stations} stations";
            report.Add("queries", $"{kind.Name}: first request{(kind.Network ? "" : " per station")} (cold cache)", kind.Network ? cold[0] : Stats.Median(cold.Skip(1).ToList()), "ms",
                note: kind.Network ? "one request after the station kinds (JIT warm)" : $"median of stations 2-10; station 1 (also JIT) {cold[0]:N1} ms");
            report.Add("queries", $"{kind.Name}: p50", Stats.Median(ours), "ms", baseline: "seed SQL p50", ratio: Stats.Median(seed) / Stats.Median(ours),
                note: $"seed p50 {Stats.Median(seed):N1} ms; {settings.QueryRepetitions} requests over {scopes}");
            report.Add("queries", $"{kind.Name}: p95", p95, "ms", target: kind.Network ? "≤ 50 ms" : "≤ 50 ms and ≥ 100× faster than the seed",
                met: p95 <= 50 && (kind.Network || Stats.Percentile(seed, 95) / p95 >= 100),
                baseline: "seed SQL p95", ratio: Stats.Percentile(seed, 95) / p95, note: $"seed p95 {Stats.Percentile(seed, 95):N1} ms ({settings.SeedQueryRepetitions} runs)");
        }
    }

    /// <summary>The speed is worth nothing if the number is wrong: the API's 30-day uniques of the
    /// biggest station (or of the whole network, where a listener of several stations counts once)
    /// against an exact count over raw sessions by the definition (qualifying sessions overlapping the period).</summary>
    private static async Task CheckUniquesAsync(NpgsqlDataSource db, HttpClient http, Report report, int? station, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var scope = station is { } s ? $"station={BenchNetwork.StationId(s)}&" : "";
        var api = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync(
            $"/api/asteroid/stats/summary?{scope}from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}", ct))!;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(station is { } z ? BenchNetwork.TimeZones[z] : "UTC");
        await using var command = db.CreateCommand($"""
            SELECT count(DISTINCT listener_key) FROM listener_sessions
            WHERE {(station is null ? "true" : "station_id = @station")} AND {Qualifying} AND started_at < @to AND started_at + duration_seconds * interval '1 second' > @from
            """);
        command.CommandTimeout = 600;
        if (station is { } id)
        {
            command.Parameters.AddWithValue("station", BenchNetwork.StationId(id));
        }

        command.Parameters.AddWithValue("from", LocalMidnightUtc(from, zone));
        command.Parameters.AddWithValue("to", LocalMidnightUtc(to.AddDays(1), zone));
        var exact = Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        var answered = (long)api["uniqueListeners"]!;
        report.Add("queries", $"30-day uniques of {(station is null ? "the network" : "the biggest station")}: API − exact SQL", answered - exact, "listeners", target: "0", met: answered == exact,
            note: $"API {answered:N0} (exact: {api["uniqueListenersExact"]}), COUNT(DISTINCT) over raw sessions {exact:N0}");
    }

    /// <summary>Runs a seed query for a station's local days [from, to] and reads every row.</summary>
    private static async Task SeedQueryAsync(NpgsqlDataSource db, string sql, int? station, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var zoneId = station is { } s ? BenchNetwork.TimeZones[s] : "UTC"; // the network counts in Network:TimeZone, UTC here
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        await using var command = db.CreateCommand(sql);
        command.CommandTimeout = 600;
        command.Parameters.AddWithValue("tz", zoneId);
        if (station is not null)
        {
            command.Parameters.AddWithValue("station", BenchNetwork.StationId(station.Value));
        }

        command.Parameters.AddWithValue("from", LocalMidnightUtc(from, zone));
        command.Parameters.AddWithValue("to", LocalMidnightUtc(to.AddDays(1), zone));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = 0;
        while (await reader.ReadAsync(ct))
        {
            rows++;
        }

        if (rows == 0)
        {
            throw new InvalidOperationException($"the seed query found nothing for {(station is { } n ? BenchNetwork.StationId(n) : "the network")} {from}..{to}: is the history loaded?");
        }
    }

    private static DateTime LocalMidnightUtc(DateOnly date, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(TimeOnly.MinValue), zone);
}
