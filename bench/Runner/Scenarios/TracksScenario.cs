using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Asteroid.Bench.History;
using Asteroid.Bench.Infrastructure;
using Asteroid.Tracks;
using Npgsql;

namespace Asteroid.Bench.Scenarios;

/// <summary>The track report on the year of history: 10,000 plays over the last 30 days of the
/// biggest station's main mount (<see cref="PlayHistory"/>, imported into <c>bench_history</c> on the
/// first run), their audience stored by the service's own job (<c>PlayAudienceJob</c>, from the raw
/// sessions), then <c>/stats/tracks</c> over those 30 days (HTTP on loopback, as a client sees it),
/// and one track's unique listeners against an exact SQL count over the raw sessions.</summary>
public static class TracksScenario
{
    public static async Task RunAsync(BenchSettings settings, Report report, CancellationToken ct)
    {
        await using var db = await HistoryScenario.OpenLoadedAsync(settings, ct);
        var (_, lastDay) = HistoryScenario.Year;
        var firstDay = lastDay.AddDays(-29);
        var from = new DateTimeOffset(firstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero); // station 0 counts in UTC
        var to = new DateTimeOffset(lastDay.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var clock = Stopwatch.StartNew();
        var added = await PlayHistory.EnsureAsync(db, settings.Seed, from, to, ct);
        if (added > 0)
        {
            report.Add("tracks", "plays imported (PlayStore.ImportAsync, batches of 2,000)", added / clock.Elapsed.TotalSeconds, "plays/s",
                note: $"{added:N0} plays on {PlayHistory.Server}{PlayHistory.Mount}, {firstDay:yyyy-MM-dd} to {lastDay:yyyy-MM-dd}, in {clock.Elapsed.TotalSeconds:N1} s");
        }

        var config = BenchNetwork.StationConfiguration();
        config["Tracks:FinalizeIntervalSeconds"] = "1"; // the job's tick (30 s by default) would otherwise dominate the figure below
        const string pendingSql = "SELECT count(*) FROM plays WHERE NOT audience_final";
        var pending = await BenchDatabase.CountAsync(db, pendingSql, ct);
        clock.Restart();
        await using var node = await WebNode.StartAsync(settings, HistoryScenario.Database, "web-tracks", config);
        if (pending > 0)
        {
            var deadline = TimeSpan.FromMinutes(settings.Quick ? 10 : 60);
            while (await BenchDatabase.CountAsync(db, pendingSql, ct) > 0)
            {
                if (clock.Elapsed > deadline)
                {
                    throw new TimeoutException($"the plays' audience was not stored within {deadline.TotalMinutes} minutes");
                }

                await Task.Delay(250, ct);
            }

            report.Add("tracks", "audience of the imported plays stored by the service (PlayAudienceJob)", pending / clock.Elapsed.TotalSeconds, "plays/s",
                note: $"{pending:N0} plays, net and gross with listener sets, from the raw sessions, in {clock.Elapsed.TotalSeconds:N1} s from src/Web's start (job tick 1 s)");
        }

        using var http = node.Client();
        var url = $"/api/asteroid/stats/tracks?station={BenchNetwork.StationId(0)}&from={firstDay:yyyy-MM-dd}&to={lastDay:yyyy-MM-dd}&sort=plays";
        clock.Restart();
        var answer = JsonNode.Parse(await http.GetStringAsync(url, ct))!;
        var cold = clock.Elapsed.TotalMilliseconds;
        var tracks = answer["tracks"]!.AsArray();
        var plays = tracks.Sum(t => (int)t!["plays"]!);
        if (plays != PlayHistory.Plays)
        {
            throw new InvalidOperationException($"/stats/tracks counted {plays} plays, {PlayHistory.Plays} were imported");
        }

        await CheckUniquesAsync(db, report, tracks[0]!, from, to, ct);
        var ours = new List<double>();
        for (var i = 0; i < settings.QueryRepetitions; i++)
        {
            var request = Stopwatch.StartNew();
            using var response = await http.GetAsync(url, ct);
            _ = await response.Content.ReadAsByteArrayAsync(ct);
            response.EnsureSuccessStatusCode();
            ours.Add(request.Elapsed.TotalMilliseconds);
        }

        var p95 = Stats.Percentile(ours, 95);
        var size = $"{plays:N0} plays of {tracks.Count:N0} tracks";
        report.Add("tracks", "tracks over 30 days: first request", cold, "ms", note: $"{size}; JIT and PostgreSQL's buffers cold");
        report.Add("tracks", "tracks over 30 days: p50", Stats.Median(ours), "ms", note: $"{size}; {settings.QueryRepetitions} requests");
        report.Add("tracks", "tracks over 30 days: p95", p95, "ms", target: "≤ 50 ms", met: p95 <= 50, note: $"{size}; {settings.QueryRepetitions} requests");
    }

    /// <summary>The most played track's unique listeners (the union over its plays) against
    /// COUNT(DISTINCT) over the qualifying raw sessions that overlap any of its plays.</summary>
    private static async Task CheckUniquesAsync(NpgsqlDataSource db, Report report, JsonNode track, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var key = TrackNames.Key((string?)track["artist"], (string)track["title"]!);
        await using var command = db.CreateCommand("""
            SELECT count(DISTINCT s.listener_key)
            FROM plays p JOIN listener_sessions s ON s.server_id = p.server_id AND s.mount = p.mount AND s.started_at < p.ended_at AND s.ended_at > p.started_at
                -- the generated sessions last at most 10 hours: a bound the (server, mount, start) index can use
                AND s.started_at > p.started_at - interval '10 hours'
            WHERE p.track_key = @key AND p.started_at >= @from AND p.started_at < @to AND s.duration_seconds >= 60 AND NOT s.is_bot
            """);
        command.CommandTimeout = 600;
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("from", from.UtcDateTime);
        command.Parameters.AddWithValue("to", to.UtcDateTime);
        var exact = Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        var answered = (long)track["uniqueListeners"]!;
        report.Add("tracks", "unique listeners of the most played track: API − exact SQL", answered - exact, "listeners", target: "0", met: answered == exact,
            note: $"'{key}', {(int)track["plays"]!} plays: API {answered:N0}, COUNT(DISTINCT) over raw sessions {exact:N0}");
    }
}
