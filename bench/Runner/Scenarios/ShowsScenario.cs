using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Asteroid.Bench.History;
using Asteroid.Bench.Infrastructure;

namespace Asteroid.Bench.Scenarios;

/// <summary>The show reports on the year of history (issue 15): five daily shows set on the biggest
/// station (06–10, 10–14, 14–18, 18–22 and 22–02 across midnight, every day), then
/// <c>/stats/shows</c> over the last 30 days (after the service's job stored the ended episodes'
/// audience: the fill is timed apart, the report reads stored episodes) and
/// <c>/stats/hourly?daypart=morning-drive</c> over the same days (HTTP on loopback, as a client sees it).</summary>
public static class ShowsScenario
{
    private static readonly string[] Week = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    private static readonly (string Id, string Start, string End)[] Shows =
        [("breakfast", "06:00", "10:00"), ("midday", "10:00", "14:00"), ("afternoon", "14:00", "18:00"), ("evening", "18:00", "22:00"), ("late", "22:00", "02:00")];

    public static async Task RunAsync(BenchSettings settings, Report report, CancellationToken ct)
    {
        var config = BenchNetwork.StationConfiguration();
        config["Shows:FillIntervalSeconds"] = "1"; // the job's tick (10 min by default) would otherwise dominate the fill figure below
        await using (var db = await HistoryScenario.OpenLoadedAsync(settings, ct))
        {
            await BenchDatabase.MigrateAsync(db, ct);
            // A run before this one stored the schedule and the episodes: measure the fill again, from the schedule's PUT.
            await BenchDatabase.ExecuteAsync(db, $"DELETE FROM show_episode_audience; DELETE FROM station_shows WHERE station_id = '{BenchNetwork.StationId(0)}'", ct);
        }

        await using var node = await WebNode.StartAsync(settings, HistoryScenario.Database, "web-shows", config);
        using var http = node.Client(TimeSpan.FromMinutes(5));
        var station = BenchNetwork.StationId(0);
        var (firstOfYear, lastDay) = HistoryScenario.Year;
        var clock = Stopwatch.StartNew();
        foreach (var (id, start, end) in Shows)
        {
            using var put = await http.PutAsJsonAsync($"/api/asteroid/admin/stations/{station}/shows/{id}", new
            {
                name = $"Bench {id}",
                slots = new[] { new { days = Week, start, end } },
                validFrom = firstOfYear.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            }, ct);
            put.EnsureSuccessStatusCode();
        }

        var firstDay = lastDay.AddDays(-29);
        // The service's job (EpisodeAudienceJob) stores every ended episode of the last days, net then gross: wait for both
        // traffics of the range's 150 episodes, then until the job has stopped writing (so it does not run beside the timed requests).
        var storedSql = $"SELECT count(*) FROM show_episode_audience WHERE scope = 'station:{station}' AND episode_end > '{firstDay:yyyy-MM-dd}' AND episode_end <= '{lastDay.AddDays(2):yyyy-MM-dd}'";
        double filled;
        await using (var db = await HistoryScenario.OpenLoadedAsync(settings, ct))
        {
            var deadline = TimeSpan.FromMinutes(settings.Quick ? 10 : 60);
            while (await BenchDatabase.CountAsync(db, storedSql, ct) < 2 * 30 * Shows.Length)
            {
                if (clock.Elapsed > deadline)
                {
                    throw new TimeoutException($"the episodes' audience was not stored within {deadline.TotalMinutes} minutes");
                }

                await Task.Delay(250, ct);
            }

            filled = clock.Elapsed.TotalSeconds;
            for (long before = -1, now = 0; before != now;)
            {
                before = now;
                await Task.Delay(2_000, ct);
                now = await BenchDatabase.CountAsync(db, "SELECT count(*) FROM show_episode_audience", ct);
            }
        }

        report.Add("shows", "audience of the ended episodes stored by the service (EpisodeAudienceJob)", filled, "s",
            note: $"every episode that ended in the last 40 days (Shows:FillDays), net then gross, from the raw sessions; from the schedule's PUT (job tick 1 s)");
        var range = $"station={station}&from={firstDay:yyyy-MM-dd}&to={lastDay:yyyy-MM-dd}";
        await TimeAsync(http, settings, report, $"/api/asteroid/stats/shows?{range}", "shows over 30 days", answer =>
        {
            var shows = answer["shows"]!.AsArray();
            var episodes = shows.Sum(s => s!["episodes"]!.AsArray().Count);
            if (shows.Count != Shows.Length)
            {
                throw new InvalidOperationException($"/stats/shows answered {shows.Count} shows, {Shows.Length} were set");
            }

            return $"{shows.Count} shows, {episodes} episodes";
        }, ct);
        await TimeAsync(http, settings, report, $"/api/asteroid/stats/hourly?{range}&daypart=morning-drive", "hourly of the morning-drive daypart over 30 days",
            answer => $"{answer["hours"]?.AsArray().Count ?? 0} hours", ct);
    }

    private static async Task TimeAsync(HttpClient http, BenchSettings settings, Report report, string url, string name, Func<JsonNode, string> describe, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var answer = JsonNode.Parse(await http.GetStringAsync(url, ct))!;
        var cold = clock.Elapsed.TotalMilliseconds;
        var size = describe(answer);
        var times = new List<double>();
        for (var i = 0; i < settings.QueryRepetitions; i++)
        {
            var request = Stopwatch.StartNew();
            using var response = await http.GetAsync(url, ct);
            _ = await response.Content.ReadAsByteArrayAsync(ct);
            response.EnsureSuccessStatusCode();
            times.Add(request.Elapsed.TotalMilliseconds);
        }

        var p95 = Stats.Percentile(times, 95);
        report.Add("shows", $"{name}: first request", cold, "ms", note: $"{size}; JIT and PostgreSQL's buffers cold");
        report.Add("shows", $"{name}: p50", Stats.Median(times), "ms", note: $"{size}; {settings.QueryRepetitions} requests");
        report.Add("shows", $"{name}: p95", p95, "ms", target: "≤ 50 ms", met: p95 <= 50, note: $"{size}; {settings.QueryRepetitions} requests");
    }
}
