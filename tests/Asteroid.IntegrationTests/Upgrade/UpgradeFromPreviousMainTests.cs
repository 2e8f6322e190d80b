using System.Globalization;
using System.Text.Json.Nodes;
using Asteroid.IntegrationTests.Infrastructure;
using Asteroid.Silo.Database;
using Asteroid.Tests.Support;
using Npgsql;
using Xunit.Abstractions;

namespace Asteroid.IntegrationTests.Upgrade;

/// <summary>A database written by the previous main (commit 1e106b3, see Fixtures/main-1e106b3/README.md)
/// is restored into a fresh database; the current node starts on it with the fixture's API key, hash
/// key and Orleans ids, migrates it in place, and must answer every recorded request as the old main
/// did. Allowed differences: new fields, and precision — the old main rounded minutes, AAS and AQH to
/// 2 decimals (the bounce rate to 4), the current code keeps at least 4, so a recorded number matches
/// a new value with more decimals that lies within the recorded rounding of it (0.005, or 0.00005 for
/// 3–4 decimals, plus 0.00005): see <see cref="AnswerComparison"/>. Everything else must be
/// identical.</summary>
public sealed class UpgradeFromPreviousMainTests(UpgradeFromPreviousMainTests.Restored restored, ITestOutputHelper output)
    : IClassFixture<UpgradeFromPreviousMainTests.Restored>
{
    public static readonly string FixtureDirectory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "main-1e106b3");

    [Fact]
    public async Task Every_answer_recorded_from_the_previous_main_is_given_again_after_the_upgrade()
    {
        var requests = AnswerList(FixtureDirectory);
        Assert.True(requests.Count >= 20, "the fixture lists its recorded requests in answers.tsv");

        // The node may finish upgrade work in the background: all answers must match within the deadline.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        List<string> differences;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while ((differences = await DifferencesAsync(requests)).Count > 0 && DateTime.UtcNow < deadline)
        {
            output.WriteLine($"{watch.Elapsed}: {differences.Count} differences, first: {differences[0]}");
            await Task.Delay(500);
        }

        output.WriteLine($"{watch.Elapsed}: compared {requests.Count} answers");

        Assert.True(differences.Count == 0, $"{differences.Count} differences:\n" + string.Join('\n', differences.Take(60)));
    }

    private async Task<List<string>> DifferencesAsync(List<(string File, string Path)> requests)
    {
        var found = new List<string>();
        foreach (var (file, path) in requests)
        {
            var recorded = await File.ReadAllTextAsync(Path.Combine(FixtureDirectory, "answers", file));
            using var response = await restored.Client.GetAsync("/api/asteroid" + path);
            var current = await response.Content.ReadAsStringAsync();
            found.AddRange(response.IsSuccessStatusCode
                ? AnswerComparison.Compare(file, recorded, current, AnswerComparison.Precision.MoreDecimals).Take(10).Select(d => $"{file}: {d}")
                : [$"{file}: GET {path} answered {(int)response.StatusCode}: {current}"]);
        }

        return found;
    }

    [Fact]
    public async Task The_database_is_migrated_in_place_and_day_rows_whose_raw_sessions_are_gone_keep_their_numbers()
    {
        var applied = await restored.Database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations");
        Assert.Equal(MigrationRunner.Migrations.Count, applied);
        Assert.Equal(9, restored.MigrationsInDump); // 0001–0009 of the old main

        // The fixture's retention step removed every raw session that ended before the cutoff: radio1's
        // 2026-10-22 and -23 (Europe/Berlin) have day rows but no raw sessions left to rebuild from.
        var cutoff = DateTime.Parse(restored.Settings["retentionCutoff"]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        Assert.Equal(0, await restored.Database.ScalarAsync<long>("SELECT count(*) FROM listener_sessions WHERE ended_at < @cutoff", ("cutoff", cutoff)));
        Assert.Equal(0, await restored.Database.ScalarAsync<long>(
            "SELECT count(*) FROM listener_sessions WHERE station_id = 'radio1' AND started_at < '2026-10-23T22:00:00Z'"));

        // Ask for those days (a report must not rebuild them from the raw log, which no longer has them).
        using (var response = await restored.Client.GetAsync("/api/asteroid/stats/summary?station=radio1&from=2026-10-22&to=2026-10-23"))
        {
            response.EnsureSuccessStatusCode();
        }

        var recorded = AnswerComparison.ParseCsv(await File.ReadAllTextAsync(Path.Combine(FixtureDirectory, "day-rows.csv")))
            .Skip(1).ToDictionary(r => (r[0], r[1]), r => long.Parse(r[2], CultureInfo.InvariantCulture));
        Assert.Contains(recorded, r => r.Key == ("station:radio1", "2026-10-22") && r.Value > 0);
        var now = new Dictionary<(string, string), long>();
        await using (var connection = new NpgsqlConnection(restored.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT scope, to_char(day, 'YYYY-MM-DD'), sessions FROM daily_stats", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                now[(reader.GetString(0), reader.GetString(1))] = reader.GetInt32(2);
            }
        }

        var changed = recorded.Where(r => now.GetValueOrDefault(r.Key, -1) != r.Value)
            .Select(r => $"{r.Key}: recorded {r.Value} sessions, now {(now.TryGetValue(r.Key, out var n) ? n.ToString(CultureInfo.InvariantCulture) : "no row")}");
        Assert.Empty(changed);
    }

    /// <summary>The previous main had no network or server scopes: migration 0012 asks for their
    /// history, which the node rebuilds in the background — from the raw sessions where the raw log is
    /// complete (from 2026-10-26 on: the fixture's retention step removed what ended before
    /// 2026-10-25T06:00Z), from the mounts' day rows before that. Raw days must then equal a count
    /// straight from <c>listener_sessions</c>; merged days the sum of the mounts' rows.</summary>
    [Fact]
    public async Task After_the_upgrade_the_network_and_each_server_answer_from_the_history_the_mounts_have()
    {
        Assert.True(await restored.Database.ScalarAsync<long>("SELECT count(*) FROM scope_rebuilds") > 0 || await restored.Database.ScalarAsync<long>(
            "SELECT count(*) FROM daily_stats WHERE scope = 'network:all'") > 0, "the upgrade asks for the network's history");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (await restored.Database.ScalarAsync<long>("SELECT count(*) FROM scope_rebuilds") > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
        }

        Assert.Equal(0, await restored.Database.ScalarAsync<long>("SELECT count(*) FROM scope_rebuilds"));
        foreach (var (query, filter) in new[] { ("", "true"), ("server=main&", "server_id = 'main'"), ("server=relay&", "server_id = 'relay'") })
        {
            // Reports read rebuild progress through a cache of a few seconds: they stop saying "rebuilding" within it.
            var report = await GetAsync($"/stats/daily?{query}from=2026-10-27&to=2026-11-02");
            for (var until = DateTime.UtcNow.AddSeconds(20); report["rebuilding"] is not null && DateTime.UtcNow < until; report = await GetAsync($"/stats/daily?{query}from=2026-10-27&to=2026-11-02"))
            {
                await Task.Delay(250);
            }

            Assert.Null(report["rebuilding"]);
            Assert.Equal("UTC", (string?)report["timeZone"]);
            var sessions = await restored.Database.ScalarAsync<long>($"""
                SELECT count(*) FROM listener_sessions WHERE {filter} AND NOT is_bot AND duration_seconds >= 60
                  AND started_at >= '2026-10-27T00:00:00Z' AND started_at < '2026-11-03T00:00:00Z'
                """);
            var uniques = await restored.Database.ScalarAsync<long>($"""
                SELECT count(DISTINCT listener_key) FROM listener_sessions WHERE {filter} AND NOT is_bot AND duration_seconds >= 60
                  AND started_at < '2026-11-03T00:00:00Z' AND ended_at > '2026-10-27T00:00:00Z'
                """);
            Assert.True(sessions > 0, $"{query}: the fixture has sessions there");
            Assert.Equal((sessions, uniques), ((long)report["total"]!["sessions"]!, (long)report["total"]!["uniqueListeners"]!));
        }

        // 2026-10-22: no raw sessions left; the network's day is the merge of the mounts' rows of that date.
        var merged = await GetAsync("/stats/daily?from=2026-10-22&to=2026-10-22");
        var mountSessions = await restored.Database.ScalarAsync<long>(
            "SELECT coalesce(sum((stats -> 'totals' ->> 'sessions')::bigint), 0)::bigint FROM daily_stats WHERE scope LIKE 'mount:%' AND day = '2026-10-22'");
        Assert.True(mountSessions > 0);
        Assert.Equal(mountSessions, (long)merged["total"]!["sessions"]!);
    }

    /// <summary>Days stored by the old main have no gross part and no sessionsEnded. Where their raw
    /// sessions are all still there (jazz from 2026-10-26 on: the fixture's retention step cut at
    /// 2026-10-25T06:00Z), a gross or hourly report has them rebuilt, and gross counts every session
    /// the net row counted as started (sessions + shortSessions + botSessions); where raw sessions are
    /// gone (radio1's 2026-10-22), gross is a 409 problem saying so and sessionsEnded is null. The net
    /// answers recorded from the old main stay what they were (the test above, in any order).</summary>
    [Fact]
    public async Task Gross_and_sessions_ended_of_old_days_are_rebuilt_where_raw_sessions_remain_and_unknown_where_not()
    {
        using (var unknown = await restored.Client.GetAsync("/api/asteroid/stats/daily?station=radio1&from=2026-10-22&to=2026-11-02&traffic=gross"))
        {
            Assert.True(unknown.StatusCode == System.Net.HttpStatusCode.Conflict,
                $"{(int)unknown.StatusCode}: {string.Join('\n', restored.App.Logs.Where(l => l.Contains("Exception", StringComparison.Ordinal)).TakeLast(2))}");
            var problem = JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!;
            Assert.False((bool)problem["grossAvailable"]!);
            Assert.Contains("2026-10-22", (string)problem["detail"]!, StringComparison.Ordinal);
        }

        const string range = "station=jazz&from=2026-10-26&to=2026-11-02";
        var net = await GetAsync($"/stats/daily?{range}");
        var gross = await GetAsync($"/stats/daily?{range}&traffic=gross");
        var netDays = net["days"]!.AsArray();
        var grossDays = gross["days"]!.AsArray();
        Assert.Equal(8, grossDays.Count);
        for (var i = 0; i < netDays.Count; i++)
        {
            var (n, g) = (netDays[i]!, grossDays[i]!);
            Assert.Equal((long)n["sessions"]! + (long)n["shortSessions"]! + (long)n["botSessions"]!, (long)g["sessions"]!);
            Assert.Equal(((long)n["shortSessions"]!, (long)n["botSessions"]!), ((long)g["shortSessions"]!, (long)g["botSessions"]!));
            Assert.True((long)g["uniqueListeners"]! >= (long)n["uniqueListeners"]!, $"{n["date"]}: gross uniques include the net ones");
            Assert.True((double)g["listenMinutes"]! >= (double)n["listenMinutes"]!, $"{n["date"]}: gross listening includes the net one");
        }

        Assert.True(grossDays.Sum(d => (long)d!["sessions"]!) > netDays.Sum(d => (long)d!["sessions"]!), "the fixture has short sessions and bots on jazz");

        // sessionsEnded per local day = the qualifying sessions whose last second lies in it, counted from the raw log.
        var hours = (await GetAsync($"/stats/hourly?{range}"))["hours"]!.AsArray();
        Assert.All(hours, h => Assert.NotNull(h!["sessionsEnded"]));
        var ended = new Dictionary<string, long>();
        await using (var connection = new NpgsqlConnection(restored.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT to_char((date_trunc('second', started_at) + make_interval(secs => greatest(duration_seconds - 1, 0))) AT TIME ZONE 'America/New_York', 'YYYY-MM-DD'), "
                + "count(*) FROM listener_sessions WHERE station_id = 'jazz' AND NOT is_bot AND duration_seconds >= 60 GROUP BY 1", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ended[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        foreach (var day in hours.GroupBy(h => ((string)h!["start"]!)[..10]))
        {
            Assert.Equal(ended.GetValueOrDefault(day.Key), day.Sum(h => (long)h!["sessionsEnded"]!));
        }

        // Raw sessions gone: unknown, not 0.
        var old = (await GetAsync("/stats/hourly?station=radio1&date=2026-10-23"))["hours"]!.AsArray();
        Assert.All(old, h => Assert.Null(h!["sessionsEnded"]));
        Assert.Contains(old, h => (long)h!["sessions"]! > 0);
    }

    /// <summary>Days stored by the old main have no referrer or player-kind cells. A summary has them
    /// rebuilt where their raw sessions are all there (jazz from 2026-10-26 on), so its referrers and
    /// player kinds count every net session of those days (the old main's sessions have no referrer
    /// and the kind "unknown", as the migration that added the columns gave them); days whose raw
    /// sessions are gone (radio1's 2026-10-22 and -23) are listed in sourcesUnknownDates and left out
    /// of those two breakdowns only.</summary>
    [Fact]
    public async Task Traffic_sources_of_old_days_are_rebuilt_where_raw_sessions_remain_and_listed_as_unknown_where_not()
    {
        var jazz = await GetAsync("/stats/summary?station=jazz&from=2026-10-26&to=2026-11-02");
        var breakdowns = jazz["breakdowns"]!;
        Assert.True(breakdowns["sourcesUnknownDates"] is JsonArray, $"the summary lists the days of unknown sources: {breakdowns.ToJsonString()[..Math.Min(600, breakdowns.ToJsonString().Length)]}");
        Assert.Empty(breakdowns["sourcesUnknownDates"]!.AsArray());
        var sessions = (long)jazz["sessions"]!;
        Assert.True(sessions > 0);
        var kind = Assert.Single(breakdowns["playerKinds"]!.AsArray())!;
        Assert.Equal(("unknown", sessions), ((string?)kind["value"], (long)kind["sessions"]!));
        var referrer = Assert.Single(breakdowns["referrers"]!.AsArray())!;
        Assert.Equal((null, sessions, (long)jazz["uniqueListeners"]!), ((string?)referrer["value"], (long)referrer["sessions"]!, (long)referrer["uniqueListeners"]!));
        Assert.Equal(0, await restored.Database.ScalarAsync<long>(
            "SELECT count(*) FROM daily_stats WHERE scope = 'station:jazz' AND day BETWEEN '2026-10-26' AND '2026-11-02' AND NOT (breakdowns ? 'referrer')"));

        var radio1 = (await GetAsync("/stats/summary?station=radio1&from=2026-10-22&to=2026-11-02"))["breakdowns"]!;
        var unknown = radio1["sourcesUnknownDates"]!.AsArray().Select(d => (string)d!).ToList();
        Assert.Contains("2026-10-22", unknown);
        Assert.Contains("2026-10-23", unknown);
        Assert.DoesNotContain("2026-10-27", unknown);
        Assert.True(radio1["players"]!.AsArray().Sum(p => (long)p!["sessions"]!) > radio1["playerKinds"]!.AsArray().Sum(p => (long)p!["sessions"]!),
            "the players count the unknown days, the player kinds do not");
    }

    private async Task<JsonNode> GetAsync(string path)
    {
        using var response = await restored.Client.GetAsync("/api/asteroid" + path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode,
            $"GET {path} answered {(int)response.StatusCode}: {body}\n{string.Join('\n', restored.App.Logs.Where(l => l.Contains("Exception", StringComparison.Ordinal)).TakeLast(2))}");
        return JsonNode.Parse(body)!;
    }

    /// <summary>answers.tsv: file name, tab, request path under /api/asteroid; # starts a comment.</summary>
    public static List<(string File, string Path)> AnswerList(string directory) =>
        [.. File.ReadLines(Path.Combine(directory, "answers.tsv"))
            .Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => l.Split('\t'))
            .Select(p => (p[0], p[1]))];

    /// <summary>The fixture's dump restored into a fresh database, and the current node started on it.</summary>
    public sealed class Restored : IAsyncLifetime
    {
        public TestDatabase Database { get; } = TestDatabase.Create();

        public JsonObject Settings { get; } = JsonNode.Parse(File.ReadAllText(Path.Combine(FixtureDirectory, "fixture.json")))!.AsObject();

        public AsteroidApp App { get; private set; } = null!;

        public HttpClient Client { get; private set; } = null!;

        public long MigrationsInDump { get; private set; }

        public async Task InitializeAsync()
        {
            await PostgresTools.RestoreAsync(Path.Combine(FixtureDirectory, "asteroid.dump"), Database);
            MigrationsInDump = await Database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations");
            string Setting(string name) => Settings[name]!.GetValue<string>();
            App = new AsteroidApp(Database, new Dictionary<string, string?>
            {
                ["Auth:ApiKeys:0"] = Setting("apiKey"),
                ["Privacy:HashKey"] = Setting("hashKey"),
                ["Orleans:ClusterId"] = Setting("clusterId"),
                ["Orleans:ServiceId"] = Setting("serviceId"),
                ["GeoIp:CityDatabase"] = SharedData.Path(Setting("geoIpCityDatabase").Split('/')),
                // The fixture's days are older than the default 30 days: keep their raw sessions so the
                // sessions export can be compared (the job would delete them a minute after start).
                ["Retention:RawDays"] = "36600",
            });
            Client = App.CreateClient();
            Client.DefaultRequestHeaders.Add("X-Api-Key", Setting("apiKey"));
        }

        public async Task DisposeAsync()
        {
            Client?.Dispose();
            if (App is not null)
            {
                await App.DisposeAsync();
            }

            await Database.DisposeAsync();
        }
    }
}
