using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Asteroid.Analytics;
using Asteroid.IntegrationTests.Infrastructure;
using Asteroid.Tests.Analytics;

namespace Asteroid.IntegrationTests.Analytics;

/// <summary>A generated history (New York station across the 2026-11-01 DST change, two mounts,
/// bots, short sessions, listeners coming back) goes in through the access-log import; every number
/// the stats API gives must equal the plain recomputation from the same sessions.</summary>
public sealed class StatsApiTests(StatsApiTests.Fixture fixture) : IClassFixture<StatsApiTests.Fixture>
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Daily_rows_and_the_range_total_equal_the_recomputation()
    {
        var report = await fixture.App.GetJsonAsync("/api/asteroid/stats/daily?station=radio&from=2026-10-31&to=2026-11-02");

        Assert.Equal(("radio", "America/New_York"), ((string?)report["station"], (string?)report["timeZone"]));
        var days = report["days"]!.AsArray();
        Assert.Equal(3, days.Count);
        foreach (var day in days)
        {
            var date = DateOnly.Parse((string)day!["date"]!, CultureInfo.InvariantCulture);
            var window = DayWindow.For(date, NewYork);
            AssertMetrics(ReferenceMetrics.Compute(fixture.Facts, window.Start, window.End, NewYork), day);
        }

        AssertMetrics(ReferenceMetrics.Compute(fixture.Facts, DayWindow.For(new(2026, 10, 31), NewYork).Start, DayWindow.For(new(2026, 11, 2), NewYork).End, NewYork),
            report["total"]!);
        Assert.True((long)report["total"]!["uniqueListeners"]! < days.Sum(d => (long)d!["uniqueListeners"]!), "range uniques are deduplicated, not summed");
    }

    [Fact]
    public async Task Hourly_on_the_dst_day_has_25_local_hours_each_equal_to_the_recomputation()
    {
        var report = await fixture.App.GetJsonAsync("/api/asteroid/stats/hourly?station=radio&date=2026-11-01");

        var hours = report["hours"]!.AsArray();
        Assert.Equal(25, hours.Count);
        Assert.Equal("2026-11-01T01:00:00-04:00", (string?)hours[1]!["start"]);
        Assert.Equal("2026-11-01T01:00:00-05:00", (string?)hours[2]!["start"]);
        var window = DayWindow.For(new(2026, 11, 1), NewYork);
        for (var h = 0; h < 25; h++)
        {
            AssertMetrics(ReferenceMetrics.Compute(fixture.Facts, window.HourStartUtc(h), window.HourEndUtc(h), NewYork), hours[h]!);
        }

        Assert.Null(report["hourOfDay"]);
        var range = await fixture.App.GetJsonAsync("/api/asteroid/stats/hourly?station=radio&from=2026-10-31&to=2026-11-02");
        Assert.Equal(24 + 25 + 24, range["hours"]!.AsArray().Count);
        Assert.Equal(24, range["hourOfDay"]!.AsArray().Count);
        Assert.Equal(3, range["dayOfWeek"]!.AsArray().Count);
    }

    [Fact]
    public async Task Geo_is_sorted_by_distinct_listeners_with_cities_and_unknown_as_null()
    {
        var report = await fixture.App.GetJsonAsync("/api/asteroid/stats/geo?station=radio&from=2026-10-31&to=2026-11-02");

        var countries = report["countries"]!.AsArray();
        var (from, to) = (DayWindow.For(new(2026, 10, 31), NewYork).Start, DayWindow.For(new(2026, 11, 2), NewYork).End);
        var expected = fixture.Facts.Where(f => f.Qualifies && f.Start < to && f.End > from)
            .GroupBy(f => f.CountryCode).Select(g => (Code: g.Key, Uniques: g.Select(f => f.Listener).Distinct().Count()))
            .OrderByDescending(c => c.Uniques).ThenBy(c => c.Code, StringComparer.Ordinal).ToList();
        Assert.Equal(expected.Select(c => (c.Code, (long)c.Uniques)), countries.Select(c => ((string?)c!["countryCode"], (long)c["uniqueListeners"]!)));
        var gb = countries.First(c => (string?)c!["countryCode"] == "GB")!;
        Assert.Equal("United Kingdom", (string?)gb["countryName"]);
        Assert.Contains(gb["cities"]!.AsArray(), c => (string?)c!["city"] == "London");
        Assert.Contains(countries, c => c!["countryCode"] is null);
    }

    /// <summary>With one table out of the way (renamed, so any statement on it fails), the reports
    /// that must not read it answer exactly as before, and the one that needs it fails: daily and
    /// hourly never read geo_stats, geo never reads daily_stats.</summary>
    [Fact]
    public async Task Daily_and_hourly_never_read_geo_stats_and_geo_never_reads_daily_stats()
    {
        const string daily = "/api/asteroid/stats/daily?station=radio&from=2026-10-31&to=2026-11-02";
        const string hourly = "/api/asteroid/stats/hourly?station=radio&from=2026-10-31&to=2026-11-02";
        const string geo = "/api/asteroid/stats/geo?station=radio&from=2026-10-31&to=2026-11-02";
        var before = new Dictionary<string, string>();
        foreach (var path in new[] { daily, hourly, geo })
        {
            before[path] = (await fixture.App.GetJsonAsync(path)).ToJsonString();
        }

        await AssertWithoutTable("geo_stats", [daily, hourly], geo);
        await AssertWithoutTable("daily_stats", [geo], daily);

        async Task AssertWithoutTable(string table, string[] unaffected, string needsIt)
        {
            await fixture.Database.ScalarAsync<int>($"ALTER TABLE {table} RENAME TO {table}_hidden; SELECT 1");
            try
            {
                foreach (var path in unaffected)
                {
                    Assert.Equal(before[path], (await fixture.App.GetJsonAsync(path)).ToJsonString());
                }

                using var client = fixture.App.CreateApiClient();
                using var response = await client.GetAsync(needsIt);
                Assert.False(response.IsSuccessStatusCode, $"{needsIt} answered without {table}: the table is not what it reads");
            }
            finally
            {
                await fixture.Database.ScalarAsync<int>($"ALTER TABLE {table}_hidden RENAME TO {table}; SELECT 1");
            }
        }
    }

    [Fact]
    public async Task Summary_adds_session_lengths_and_breakdowns()
    {
        var summary = await fixture.App.GetJsonAsync("/api/asteroid/stats/summary?station=radio&from=2026-10-31&to=2026-11-02");

        var (from, to) = (DayWindow.For(new(2026, 10, 31), NewYork).Start, DayWindow.For(new(2026, 11, 2), NewYork).End);
        AssertMetrics(ReferenceMetrics.Compute(fixture.Facts, from, to, NewYork), summary);
        var lengths = summary["sessionLengths"]!.AsObject();
        Assert.Equal(SessionLengthBuckets.Names, lengths.Select(l => l.Key));
        Assert.Equal(fixture.Facts.Count(f => f.Qualifies && f.Start >= from && f.Start < to), lengths.Sum(l => (long)l.Value!));
        var mounts = summary["breakdowns"]!["mounts"]!.AsArray();
        Assert.Equal(["main/live.aac", "main/live.mp3"], mounts.Select(m => (string)m!["value"]!).Order(StringComparer.Ordinal));
        Assert.NotEmpty(summary["breakdowns"]!["players"]!.AsArray());
    }

    [Fact]
    public async Task A_mount_filter_gives_that_mount_only()
    {
        var mp3 = await fixture.App.GetJsonAsync("/api/asteroid/stats/daily?server=main&mount=/live.mp3&from=2026-10-31&to=2026-11-02");

        var facts = fixture.Facts.Where(f => f.Mount == "/live.mp3").ToList();
        AssertMetrics(ReferenceMetrics.Compute(facts, DayWindow.For(new(2026, 10, 31), NewYork).Start, DayWindow.For(new(2026, 11, 2), NewYork).End, NewYork),
            mp3["total"]!);
        Assert.Equal("/live.mp3", (string?)mp3["mount"]);
    }

    [Theory]
    [InlineData("daily", "csv", "text/csv", "date,sessions,")]
    [InlineData("hourly", "json", "application/json", "[{\"start\":")]
    [InlineData("geo", "csv", "text/csv", "level,countryCode,")]
    [InlineData("sessions", "csv", "text/csv", "sessionId,server,mount,")]
    public async Task Exports_download_with_a_file_name(string dataset, string format, string type, string start)
    {
        using var client = fixture.App.CreateApiClient();

        using var response = await client.GetAsync($"/api/asteroid/stats/export?dataset={dataset}&format={format}&station=radio&from=2026-10-31&to=2026-11-02");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"asteroid-radio-{dataset}-2026-10-31-2026-11-02.{format}", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.StartsWith(start, body, StringComparison.Ordinal);
        if (dataset == "sessions")
        {
            var lines = body.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(fixture.Facts.Count(f => f.Start >= DayWindow.For(new(2026, 10, 31), NewYork).Start && f.Start < DayWindow.For(new(2026, 11, 2), NewYork).End), lines.Length - 1);
            Assert.DoesNotContain("81.2.69.142", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Reconciliation_finds_a_corrupted_day_and_repairs_it()
    {
        using var client = fixture.App.CreateApiClient();
        var clean = await (await client.PostAsync("/api/asteroid/admin/reconcile?station=radio&date=2026-11-01", null)).Content.ReadFromJsonAsync<JsonNode>();
        Assert.True((bool)clean!["matched"]!, clean.ToJsonString());

        await fixture.Database.ScalarAsync<int>(
            "UPDATE daily_stats SET stats = jsonb_set(stats, '{totals,sessions}', '12345') WHERE scope = 'station:radio' AND day = '2026-11-01'; SELECT 1");
        var broken = await (await client.PostAsync("/api/asteroid/admin/reconcile?station=radio&date=2026-11-01", null)).Content.ReadFromJsonAsync<JsonNode>();
        var again = await (await client.PostAsync("/api/asteroid/admin/reconcile?station=radio&date=2026-11-01", null)).Content.ReadFromJsonAsync<JsonNode>();

        Assert.False((bool)broken!["matched"]!);
        Assert.Contains("totals", broken["differences"]!.AsArray().Select(d => (string?)d));
        Assert.True((bool)again!["matched"]!);
        var day = DayWindow.For(new(2026, 11, 1), NewYork);
        var report = await fixture.App.GetJsonAsync("/api/asteroid/stats/daily?station=radio&from=2026-11-01&to=2026-11-01");
        Assert.Equal(ReferenceMetrics.Compute(fixture.Facts, day.Start, day.End, NewYork).Sessions, (long)report["total"]!["sessions"]!);
    }

    [Fact]
    public async Task Reconciliation_finds_corrupted_geo_cells_and_repairs_them()
    {
        using var client = fixture.App.CreateApiClient();
        const string geo = "/api/asteroid/stats/geo?station=radio&from=2026-10-31&to=2026-10-31";
        var before = (await fixture.App.GetJsonAsync(geo)).ToJsonString();

        await fixture.Database.ScalarAsync<int>(
            "UPDATE geo_stats SET cells = jsonb_set(cells, '{country}', '{}') WHERE scope = 'station:radio' AND day = '2026-10-31'; SELECT 1");
        var broken = await (await client.PostAsync("/api/asteroid/admin/reconcile?station=radio&date=2026-10-31", null)).Content.ReadFromJsonAsync<JsonNode>();
        var again = await (await client.PostAsync("/api/asteroid/admin/reconcile?station=radio&date=2026-10-31", null)).Content.ReadFromJsonAsync<JsonNode>();

        Assert.False((bool)broken!["matched"]!);
        Assert.Equal(["geo"], broken["differences"]!.AsArray().Select(d => (string?)d));
        Assert.True((bool)again!["matched"]!, again.ToJsonString());
        Assert.Equal(before, (await fixture.App.GetJsonAsync(geo)).ToJsonString());
    }

    [Theory]
    [InlineData("/api/asteroid/stats/daily?station=radio&to=2026-11-02", HttpStatusCode.BadRequest)]
    [InlineData("/api/asteroid/stats/daily?station=radio&from=2026-13-01&to=2026-11-02", HttpStatusCode.BadRequest)]
    [InlineData("/api/asteroid/stats/daily?station=radio&from=2016-01-01&to=2026-11-02", HttpStatusCode.BadRequest)]
    [InlineData("/api/asteroid/stats/daily?station=radio&server=main&mount=/live.mp3&from=2026-11-01&to=2026-11-02", HttpStatusCode.BadRequest)]
    // No scope at all is the whole network since issue 11; two scopes at once are what is malformed now.
    [InlineData("/api/asteroid/stats/daily?station=radio&group=g&from=2026-11-01&to=2026-11-02", HttpStatusCode.BadRequest)]
    [InlineData("/api/asteroid/stats/daily?station=nosuch&from=2026-11-01&to=2026-11-02", HttpStatusCode.NotFound)]
    [InlineData("/api/asteroid/stats/export?dataset=nope&station=radio&from=2026-11-01&to=2026-11-02", HttpStatusCode.BadRequest)]
    [InlineData("/api/asteroid/stats/geo?server=nosuch&mount=/a&from=2026-11-01&to=2026-11-02", HttpStatusCode.NotFound)]
    public async Task Bad_report_parameters_get_problem_details(string path, HttpStatusCode expected)
    {
        using var client = fixture.App.CreateApiClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_openapi_document_and_reference_page_are_served()
    {
        using var client = fixture.App.CreateClient();

        var document = await client.GetStringAsync("/openapi/v1.json");
        using var page = await client.GetAsync("/scalar/v1");

        Assert.Contains("/api/asteroid/stats/daily", document, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    private static void AssertMetrics(Metrics expected, JsonNode actual)
    {
        var wanted = JsonSerializer.SerializeToNode(expected, Json)!.AsObject();
        foreach (var (name, value) in wanted)
        {
            Assert.True(JsonNode.DeepEquals(value, actual[name]) || (value is JsonValue v && actual[name] is JsonValue a && v.ToJsonString() == a.ToJsonString()),
                $"{name}: expected {value?.ToJsonString()}, got {actual[name]?.ToJsonString()} in {actual.ToJsonString()}");
        }
    }

    public sealed class Fixture : IAsyncLifetime
    {
        public TestDatabase Database { get; } = TestDatabase.Create();

        public AsteroidApp App { get; private set; } = null!;

        /// <summary>The generated sessions as the reference sees them (listener = IP and agent).</summary>
        public List<SessionFact> Facts { get; } = [];

        public async Task InitializeAsync()
        {
            // The history has fixed dates (around the 2026-11-01 DST change): raw sessions are kept
            // for all of it, so its days stay within retention and reconcile against them.
            App = new AsteroidApp(Database, new Dictionary<string, string?> { ["Retention:RawDays"] = "36600" });
            using var client = App.CreateApiClient();
            (await client.PutAsJsonAsync("/api/asteroid/admin/servers/main", new { baseUrl = "http://127.0.0.1:9", adminPassword = "unused", enabled = false })).EnsureSuccessStatusCode();
            (await client.PutAsJsonAsync("/api/asteroid/admin/stations/radio", new
            {
                name = "Radio", timeZone = "America/New_York",
                mounts = new[] { new { server = "main", mount = "/live.mp3" }, new { server = "main", mount = "/live.aac" } },
            })).EnsureSuccessStatusCode();

            var log = Generate(new Random(20261101));
            using var import = await client.PostAsync("/api/asteroid/admin/import/access-log?server=main", new StringContent(log, Encoding.ASCII));
            import.EnsureSuccessStatusCode();
            var expected = Facts.Count(f => f.Qualifies && f.Start >= DayWindow.For(new(2026, 10, 31), NewYork).Start && f.Start < DayWindow.For(new(2026, 11, 2), NewYork).End);
            await Eventually.Get(() => App.GetJsonAsync("/api/asteroid/stats/daily?station=radio&from=2026-10-31&to=2026-11-02"),
                r => (long?)r["total"]!["sessions"] == expected && (long?)r["total"]!["botSessions"] > 0, TimeSpan.FromSeconds(30),
                "the imported history is aggregated");
            await Eventually.Get(() => App.GetJsonAsync("/api/asteroid/stats/geo?station=radio&from=2026-10-31&to=2026-11-02"),
                r => r["countries"]!.AsArray().Sum(c => (long)c!["sessions"]!) == expected, TimeSpan.FromSeconds(30),
                "the imported history's geo days are aggregated (their own grains and rows)");
        }

        private string Generate(Random random)
        {
            (string Ip, string? Country)[] ips = [.. Import.AccessLogImportTests.PublicListeners];
            string[] agents = ["VLC/3.0.18 LibVLC/3.0.18", "Winamp/5.9", "Googlebot/2.1 (+http://www.google.com/bot.html)"];
            var start = DayWindow.For(new(2026, 10, 31), NewYork).Start - 2 * 3600;
            var end = DayWindow.For(new(2026, 11, 2), NewYork).End;
            var log = new StringBuilder();
            for (var i = 0; i < 400; i++)
            {
                var (ip, _) = ips[random.Next(ips.Length)];
                var agent = agents[random.Next(10) == 0 ? 2 : random.Next(2)];
                var mount = random.Next(2) == 0 ? "/live.mp3" : "/live.aac";
                var duration = random.Next(4) switch { 0 => random.Next(1, 120), 1 => random.Next(120, 1800), 2 => random.Next(1800, 4 * 3600), _ => random.Next(3600, 20 * 3600) };
                var s = start + random.NextInt64(end - start);
                var ended = DateTimeOffset.FromUnixTimeSeconds(s + duration);
                log.Append(CultureInfo.InvariantCulture, $"{ip} - - [{ended:dd/MMM/yyyy:HH:mm:ss} +0000] \"GET {mount} HTTP/1.1\" 200 {duration * 8000} \"-\" \"{agent}\" {duration}\n");
                Facts.Add(new SessionFact(Guid.NewGuid(), (ulong)(ip + "\n" + agent).GetHashCode(StringComparison.Ordinal), s, s + duration, agent.StartsWith("Googlebot", StringComparison.Ordinal),
                    "main", mount, ips.First(x => x.Ip == ip).Country, null, null, agent[..3], "Other", "desktop"));
            }

            return log.ToString();
        }

        public async Task DisposeAsync()
        {
            await App.DisposeAsync();
            await Database.DisposeAsync();
        }
    }
}
