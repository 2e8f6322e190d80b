using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Asteroid.Bench.History;
using Asteroid.Bench.Infrastructure;
using Npgsql;

namespace Asteroid.Bench.Scenarios;

/// <summary>Regrouping applies to history: station 1 (the second biggest, 10 mounts) loses its mount
/// 9 and then gets it back, each by <c>PUT /api/asteroid/admin/stations/st01</c> as an operator
/// would. Each change queues rebuilds (<c>scope_rebuilds</c>: the station, and the implicit station
/// of the server the mount moves to or from) over every day of the year, which the service's
/// <c>RebuildService</c> works through from the raw sessions; timed from the PUT until no rebuild is
/// left, while the station's admin answer shows <c>rebuilding</c>. After each, the station's 30-day
/// uniques must equal an exact count over the raw sessions of its mounts at that moment. The history
/// ends as it began (10 mounts).</summary>
public static class RegroupScenario
{
    private const int Station = 1;

    public static async Task RunAsync(BenchSettings settings, Report report, CancellationToken ct)
    {
        await using var db = await HistoryScenario.OpenLoadedAsync(settings, ct);
        await using var node = await WebNode.StartAsync(settings, HistoryScenario.Database, "web-regroup", BenchNetwork.StationConfiguration());
        using var http = node.Client(TimeSpan.FromMinutes(2));
        await WaitForNoRebuildAsync(db, TimeSpan.FromHours(2), null, ct); // e.g. an upgrade's, which would be timed with ours
        var all = Enumerable.Range(0, BenchNetwork.MountsPerStation).ToList();
        await RegroupAsync(db, http, report, settings, all.Take(BenchNetwork.MountsPerStation - 1).ToList(), "one mount taken out (10 → 9 mounts)", ct);
        await RegroupAsync(db, http, report, settings, all, "the mount put back (9 → 10 mounts)", ct);
    }

    private static async Task RegroupAsync(NpgsqlDataSource db, HttpClient http, Report report, BenchSettings settings, List<int> mounts, string what, CancellationToken ct)
    {
        var id = BenchNetwork.StationId(Station);
        var body = new
        {
            name = $"Bench station {Station}",
            timeZone = BenchNetwork.TimeZones[Station],
            mounts = mounts.Select(m => new { server = BenchNetwork.ServerId(m), mount = BenchNetwork.MountPath(Station, m) }).ToArray(),
        };
        var clock = Stopwatch.StartNew();
        using (var put = await http.PutAsJsonAsync($"/api/asteroid/admin/stations/{id}", body, ct))
        {
            if (!put.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"PUT station {id}: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync(ct)}");
            }
        }

        var answered = clock.Elapsed;
        var jobs = new List<string>();
        await using (var list = db.CreateCommand("SELECT scope || ' (' || (last_day - first_day + 1) || ' days)' FROM scope_rebuilds ORDER BY requested_at"))
        await using (var reader = await list.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                jobs.Add(reader.GetString(0));
            }
        }

        var (shown, stationDone) = await WaitForNoRebuildAsync(db, TimeSpan.FromMinutes(settings.Quick ? 10 : 30), http, ct);
        var elapsed = clock.Elapsed;
        var tenMounts = mounts.Count == BenchNetwork.MountsPerStation;
        report.Add("regroup", $"station {id}, {what}: the station's history rebuilt", (stationDone ?? elapsed).TotalSeconds, "s", target: tenMounts ? "≤ 60 s" : null,
            met: tenMounts ? (stationDone ?? elapsed).TotalSeconds <= 60 : null,
            note: $"from the PUT (answered in {answered.TotalMilliseconds:N0} ms) until station:{id}'s rebuild job was done; the admin answer showed rebuilding {shown ?? "never (done before the first look)"}");
        report.Add("regroup", $"station {id}, {what}: every rebuild it caused", elapsed.TotalSeconds, "s",
            note: $"one job at a time, oldest first: {string.Join(", ", jobs)}");
        await CheckUniquesAsync(db, http, report, mounts, what, ct);
    }

    /// <summary>Waits until <c>scope_rebuilds</c> is empty; with <paramref name="http"/>, looks at
    /// the station's admin answer every second meanwhile. Returns the first <c>rebuilding</c> seen and
    /// when the station's own job was done (from the call).</summary>
    private static async Task<(string? Shown, TimeSpan? StationDone)> WaitForNoRebuildAsync(NpgsqlDataSource db, TimeSpan limit, HttpClient? http, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan? looked = null;
        TimeSpan? stationDone = null;
        string? shown = null;
        var station = $"station:{BenchNetwork.StationId(Station)}";
        while (await BenchDatabase.CountAsync(db, "SELECT count(*) FROM scope_rebuilds", ct) > 0)
        {
            if (stationDone is null && await BenchDatabase.CountAsync(db, $"SELECT count(*) FROM scope_rebuilds WHERE scope = '{station}'", ct) == 0)
            {
                stationDone = clock.Elapsed;
            }

            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"rebuilds still pending after {limit.TotalMinutes} minutes");
            }

            if (http is not null && (looked is null || clock.Elapsed - looked >= TimeSpan.FromSeconds(1)))
            {
                looked = clock.Elapsed;
                var answer = JsonNode.Parse(await http.GetStringAsync($"/api/asteroid/admin/stations/{BenchNetwork.StationId(Station)}", ct))!;
                if (shown is null && answer["rebuilding"] is { } r)
                {
                    shown = $"{{\"done\": {r["done"]}, \"total\": {r["total"]}}} after {clock.Elapsed.TotalSeconds:N1} s";
                }
            }

            await Task.Delay(200, ct);
        }

        return (shown, stationDone ?? (http is null ? null : clock.Elapsed));
    }

    /// <summary>The station's 30-day uniques after the change against COUNT(DISTINCT) over the raw
    /// sessions of the mounts it has now (whatever station they were recorded under).</summary>
    private static async Task CheckUniquesAsync(NpgsqlDataSource db, HttpClient http, Report report, List<int> mounts, string what, CancellationToken ct)
    {
        var (_, lastDay) = HistoryScenario.Year;
        var from = lastDay.AddDays(-29);
        var api = JsonNode.Parse(await http.GetStringAsync(
            $"/api/asteroid/stats/summary?station={BenchNetwork.StationId(Station)}&from={from:yyyy-MM-dd}&to={lastDay:yyyy-MM-dd}", ct))!;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(BenchNetwork.TimeZones[Station]);
        await using var command = db.CreateCommand("""
            SELECT count(DISTINCT listener_key) FROM listener_sessions
            WHERE mount = ANY(@mounts) AND duration_seconds >= 60 AND NOT is_bot
              AND started_at < @to AND started_at + duration_seconds * interval '1 second' > @from
            """);
        command.CommandTimeout = 600;
        command.Parameters.AddWithValue("mounts", mounts.Select(m => BenchNetwork.MountPath(Station, m)).ToArray());
        command.Parameters.AddWithValue("from", TimeZoneInfo.ConvertTimeToUtc(from.ToDateTime(TimeOnly.MinValue), zone));
        command.Parameters.AddWithValue("to", TimeZoneInfo.ConvertTimeToUtc(lastDay.AddDays(1).ToDateTime(TimeOnly.MinValue), zone));
        var exact = Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        var answered = (long)api["uniqueListeners"]!;
        report.Add("regroup", $"30-day uniques after {what}: API − exact SQL", answered - exact, "listeners", target: "0", met: answered == exact,
            note: $"API {answered:N0}, COUNT(DISTINCT) over the raw sessions of its {mounts.Count} mounts {exact:N0}");
    }
}
