using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Asteroid.IntegrationTests.Infrastructure;

namespace Asteroid.IntegrationTests.Analytics;

/// <summary>traffic=, compare=, scopes=, hourly sessionsEnded and /stats/sessions through the HTTP
/// API, on a hand-made history imported as an access log (station "tfc", UTC, one mount):
/// 2026-11-19: E 12:00 for 20 min. 2026-11-20: A 10:00 for 10 min; B 10:20 for 59 s (short);
/// C 10:30 for 60 s (qualifies: 60 s is enough); D a bot 10:00 for 90 min; F 23:50 for 20 min
/// (into 2026-11-21). Every expected number is worked out by hand in the test.</summary>
public sealed class TrafficApiTests(TrafficApiTests.Fixture fixture) : IClassFixture<TrafficApiTests.Fixture>
{
    private const string Day = "station=tfc&from=2026-11-20&to=2026-11-20";

    [Fact]
    public async Task Net_leaves_out_the_bot_and_the_59_s_session_and_gross_counts_everything()
    {
        var net = (await fixture.App.GetJsonAsync($"/api/asteroid/stats/daily?{Day}"))["total"]!;
        var explicitNet = (await fixture.App.GetJsonAsync($"/api/asteroid/stats/daily?{Day}&traffic=net"))["total"]!;
        var gross = (await fixture.App.GetJsonAsync($"/api/asteroid/stats/daily?{Day}&traffic=gross"))["total"]!;

        Assert.Equal(net.ToJsonString(), explicitNet.ToJsonString()); // net is the default
        // Net: A, C, F; 10 + 1 + 10 minutes (F's first 10 minutes are on this day).
        Assert.Equal((3L, 1L, 1L, 3L, 21.0, 1), ((long)net["sessions"]!, (long)net["shortSessions"]!, (long)net["botSessions"]!,
            (long)net["uniqueListeners"]!, (double)net["listenMinutes"]!, (int)net["peakConcurrent"]!));
        // Gross: all five; 600 + 59 + 60 + 5400 + 600 s; A and the bot together at 10:00.
        Assert.Equal((5L, 1L, 1L, 5L, 111.9833, 2), ((long)gross["sessions"]!, (long)gross["shortSessions"]!, (long)gross["botSessions"]!,
            (long)gross["uniqueListeners"]!, (double)gross["listenMinutes"]!, (int)gross["peakConcurrent"]!));
        Assert.Equal("2026-11-20T10:00:00+00:00", (string?)gross["peakAt"]);
        Assert.Equal(0.25, (double)gross["bounceRate"]!); // 1 short of the 4 non-bot sessions, as net: 1 / (3 + 1)
        Assert.Equal(0.25, (double)net["bounceRate"]!);

        var geoNet = await fixture.App.GetJsonAsync($"/api/asteroid/stats/geo?{Day}");
        var geoGross = await fixture.App.GetJsonAsync($"/api/asteroid/stats/geo?{Day}&traffic=gross");
        Assert.Equal(3L, geoNet["countries"]!.AsArray().Sum(c => (long)c!["sessions"]!));
        Assert.Equal(5L, geoGross["countries"]!.AsArray().Sum(c => (long)c!["sessions"]!));

        var summary = await fixture.App.GetJsonAsync($"/api/asteroid/stats/summary?{Day}&traffic=gross");
        Assert.Equal(5L, (long)summary["sessions"]!);
        Assert.Equal(5L, summary["breakdowns"]!["mounts"]!.AsArray().Sum(r => (long)r!["sessions"]!));
    }

    [Fact]
    public async Task Hourly_rows_count_sessions_ended_in_their_hour_across_an_hour_boundary_and_midnight()
    {
        var net = (await fixture.App.GetJsonAsync("/api/asteroid/stats/hourly?station=tfc&from=2026-11-20&to=2026-11-21"))["hours"]!.AsArray();
        var gross = (await fixture.App.GetJsonAsync("/api/asteroid/stats/hourly?station=tfc&from=2026-11-20&to=2026-11-21&traffic=gross"))["hours"]!.AsArray();

        long Ended(JsonArray hours, int i) => (long)hours[i]!["sessionsEnded"]!;
        Assert.Equal((2L, 0L, 0L, 1L), (Ended(net, 10), Ended(net, 11), Ended(net, 23), Ended(net, 24))); // A, C at 10; F after midnight
        Assert.Equal((3L, 1L, 0L, 1L), (Ended(gross, 10), Ended(gross, 11), Ended(gross, 23), Ended(gross, 24))); // + B; the bot's last second is 11:29:59
        Assert.Equal((2L, 0L, 1L, 0L), ((long)net[10]!["sessions"]!, (long)net[11]!["sessions"]!, (long)net[23]!["sessions"]!, (long)net[24]!["sessions"]!)); // started: A, C; F
        Assert.Equal(24 + 24, net.Count);
    }

    [Fact]
    public async Task Compare_previous_and_year_add_the_compared_period_and_the_change_which_is_null_from_zero()
    {
        var previous = await fixture.App.GetJsonAsync($"/api/asteroid/stats/daily?{Day}&compare=previous");
        var compare = previous["compare"]!;
        Assert.Equal(("2026-11-19", "2026-11-19"), ((string?)compare["from"], (string?)compare["to"]));
        Assert.Equal((1L, 1L, 20.0), ((long)compare["total"]!["sessions"]!, (long)compare["total"]!["uniqueListeners"]!, (double)compare["total"]!["listenMinutes"]!));
        Assert.Equal("2026-11-19", (string?)compare["days"]![0]!["date"]);
        Assert.Equal((2.0, 2.0, 0.05), ((double)compare["change"]!["sessions"]!, (double)compare["change"]!["uniqueListeners"]!, (double)compare["change"]!["listenMinutes"]!));
        Assert.Null(compare["change"]!["shortSessions"]); // 1 short session against none

        var year = await fixture.App.GetJsonAsync($"/api/asteroid/stats/summary?{Day}&compare=year&traffic=gross");
        Assert.Equal(("2025-11-20", "2025-11-20"), ((string?)year["compare"]!["from"], (string?)year["compare"]!["to"]));
        Assert.Equal(0L, (long)year["compare"]!["sessions"]!);
        Assert.Null(year["compare"]!["change"]!["sessions"]); // from nothing: no ratio
        Assert.Equal("null", JsonValueKind(year["compare"]!["change"]!.AsObject(), "sessions")); // present, as null

        var hourly = await fixture.App.GetJsonAsync("/api/asteroid/stats/hourly?station=tfc&date=2026-11-20&compare=previous");
        Assert.Equal(24, hourly["compare"]!["hours"]!.AsArray().Count);
        Assert.Equal(2.0, (double)hourly["compare"]!["change"]!["sessions"]!);

        var none = await fixture.App.GetJsonAsync($"/api/asteroid/stats/daily?{Day}");
        Assert.Null(none["compare"]);
    }

    [Fact]
    public async Task Summary_answers_several_scopes_side_by_side()
    {
        var both = await fixture.App.GetJsonAsync("/api/asteroid/stats/summary?scopes=station:tfc,mount:main/live.mp3&from=2026-11-20&to=2026-11-20");

        var scopes = both["scopes"]!.AsArray();
        Assert.Equal(["station:tfc", "mount:main/live.mp3"], scopes.Select(s => (string?)s!["scope"]));
        Assert.All(scopes, s => Assert.Equal(3L, (long)s!["summary"]!["sessions"]!));
        Assert.Equal("/live.mp3", (string?)scopes[1]!["summary"]!["mount"]);
    }

    [Fact]
    public async Task Sessions_lists_the_sessions_behind_a_figure_with_filters()
    {
        var net = await fixture.App.GetJsonAsync($"/api/asteroid/stats/sessions?{Day}");
        var rows = net["sessions"]!.AsArray();
        Assert.Equal(3, rows.Count); // the daily figure's sessions: A, C, F
        Assert.Equal(["10:00:00", "10:30:00", "23:50:00"], rows.Select(r => ((string)r!["startedAt"]!)[11..19]));
        Assert.Null(net["nextCursor"]);
        Assert.Equal("net", (string?)net["traffic"]);
        Assert.False((bool)net["partial"]!);
        foreach (var field in new[] { "sessionId", "listenerKey", "durationSeconds", "countryCode", "player", "os", "device", "isBot", "source" })
        {
            Assert.True(rows[0]!.AsObject().ContainsKey(field), $"{field} is a field of the sessions export");
        }

        Assert.DoesNotContain(rows, r => r!.AsObject().Any(p => p.Key.Contains("ip", StringComparison.OrdinalIgnoreCase)));

        var gross = (await fixture.App.GetJsonAsync($"/api/asteroid/stats/sessions?{Day}&traffic=gross&hour=10"))["sessions"]!.AsArray();
        Assert.Equal(4, gross.Count); // A, B, C and the bot start at 10
        Assert.Single(gross, r => (bool)r!["isBot"]!);

        var player = (string)rows[0]!["player"]!;
        Assert.Equal("GB", (string?)rows[0]!["countryCode"]);
        var filtered = (await fixture.App.GetJsonAsync(
            $"/api/asteroid/stats/sessions?{Day}&player={Uri.EscapeDataString(player)}&country=GB"))["sessions"]!.AsArray();
        Assert.Single(filtered); // net: A alone (B, also from GB with the same player, is under 60 s)
        Assert.Equal((string?)rows[0]!["sessionId"], (string?)filtered[0]!["sessionId"]);
        Assert.Equal(2, (await fixture.App.GetJsonAsync(
            $"/api/asteroid/stats/sessions?{Day}&traffic=gross&player={Uri.EscapeDataString(player)}&country=GB"))["sessions"]!.AsArray().Count); // A and B
        Assert.Empty((await fixture.App.GetJsonAsync($"/api/asteroid/stats/sessions?{Day}&hour=11"))["sessions"]!.AsArray());
    }

    [Fact]
    public async Task Sessions_pages_have_no_duplicates_or_gaps_while_new_sessions_arrive()
    {
        // 2026-11-10: six sessions of 2 minutes, 09:00, 09:10, ... 09:50.
        await fixture.ImportAsync(Enumerable.Range(0, 6).Select(i => (i, new DateTime(2026, 11, 10, 9, 10 * i, 0, DateTimeKind.Utc), 120, "VLC/3.0.18 LibVLC/3.0.18")));
        const string all = "/api/asteroid/stats/sessions?station=tfc&from=2026-11-10&to=2026-11-10";
        const string query = all + "&limit=2";
        var first = await Eventually.Get(() => fixture.App.GetJsonAsync(all + "&limit=1000"), r => r["sessions"]!.AsArray().Count == 6, TimeSpan.FromSeconds(30),
            "the six sessions are stored");
        var expected = first["sessions"]!.AsArray().Select(r => (string)r!["sessionId"]!).ToList();

        var page1 = await fixture.App.GetJsonAsync(query);
        // Two sessions arrive: one before the cursor's position (08:00), one after it (12:00).
        await fixture.ImportAsync([(6, new DateTime(2026, 11, 10, 8, 0, 0, DateTimeKind.Utc), 120, "Winamp/5.9"), (7, new DateTime(2026, 11, 10, 12, 0, 0, DateTimeKind.Utc), 120, "Winamp/5.9")]);
        await Eventually.Get(() => fixture.App.GetJsonAsync(all + "&limit=1000"), r => r["sessions"]!.AsArray().Count == 8, TimeSpan.FromSeconds(30),
            "the two new sessions are stored");

        var seen = page1["sessions"]!.AsArray().Select(r => (string)r!["sessionId"]!).ToList();
        var cursor = (string?)page1["nextCursor"];
        var pages = 1;
        while (cursor is not null)
        {
            var page = await fixture.App.GetJsonAsync($"{query}&cursor={Uri.EscapeDataString(cursor)}");
            seen.AddRange(page["sessions"]!.AsArray().Select(r => (string)r!["sessionId"]!));
            cursor = (string?)page["nextCursor"];
            Assert.True(++pages < 10, "the pages end");
        }

        Assert.Equal(seen.Count, seen.Distinct().Count()); // no duplicates
        Assert.Equal(expected, seen.Take(6)); // no gaps: the original six in order, none displaced
        Assert.Equal(7, seen.Count); // and the one that arrived after the position (12:00); the 08:00 one lies before it
        Assert.Equal(4, pages); // 2 + 2 + 2 + 1
    }

    [Theory]
    [InlineData("/api/asteroid/stats/sessions?station=tfc&from=2026-11-20&to=2026-11-20&limit=1001")]
    [InlineData("/api/asteroid/stats/sessions?station=tfc&from=2026-11-20&to=2026-11-20&limit=0")]
    [InlineData("/api/asteroid/stats/sessions?station=tfc&from=2026-11-20&to=2026-11-20&limit=ten")]
    [InlineData("/api/asteroid/stats/sessions?station=tfc&from=2026-11-20&to=2026-11-20&hour=24")]
    [InlineData("/api/asteroid/stats/sessions?station=tfc&from=2026-11-20&to=2026-11-20&cursor=bm90IGEgY3Vyc29y")]
    [InlineData("/api/asteroid/stats/sessions?station=tfc&from=2026-11-20&to=2026-11-20&traffic=all")]
    [InlineData("/api/asteroid/stats/sessions?station=tfc&group=tfc&from=2026-11-20&to=2026-11-20")]
    [InlineData("/api/asteroid/stats/daily?station=tfc&from=2026-11-20&to=2026-11-20&traffic=Gross")]
    [InlineData("/api/asteroid/stats/daily?station=tfc&from=2026-11-20&to=2026-11-20&compare=last")]
    [InlineData("/api/asteroid/stats/export?dataset=daily&station=tfc&from=2026-11-20&to=2026-11-20&traffic=x")]
    [InlineData("/api/asteroid/stats/summary?scopes=station:tfc,station:tfc&from=2026-11-20&to=2026-11-20")]
    [InlineData("/api/asteroid/stats/summary?scopes=a,b,c,d,e,f,g,h,i,j,k&from=2026-11-20&to=2026-11-20")]
    [InlineData("/api/asteroid/stats/summary?scopes=station:tfc&station=tfc&from=2026-11-20&to=2026-11-20")]
    public async Task Bad_parameters_get_a_400_problem(string path)
    {
        using var client = fixture.App.CreateApiClient();
        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_cursor_of_another_query_or_changed_by_one_character_is_a_400()
    {
        var page = await fixture.App.GetJsonAsync($"/api/asteroid/stats/sessions?{Day}&traffic=gross&limit=1");
        var cursor = (string)page["nextCursor"]!;
        var changed = cursor[..^2] + (cursor[^2] == 'A' ? 'B' : 'A') + cursor[^1];
        using var client = fixture.App.CreateApiClient();

        using var other = await client.GetAsync($"/api/asteroid/stats/sessions?{Day}&traffic=net&limit=1&cursor={Uri.EscapeDataString(cursor)}");
        using var tampered = await client.GetAsync($"/api/asteroid/stats/sessions?{Day}&traffic=gross&limit=1&cursor={Uri.EscapeDataString(changed)}");
        using var same = await client.GetAsync($"/api/asteroid/stats/sessions?{Day}&traffic=gross&limit=1&cursor={Uri.EscapeDataString(cursor)}");

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.OK), (other.StatusCode, tampered.StatusCode, same.StatusCode));
    }

    [Fact]
    public async Task An_unknown_scope_in_scopes_is_a_404_naming_it()
    {
        using var client = fixture.App.CreateApiClient();
        using var response = await client.GetAsync("/api/asteroid/stats/summary?scopes=station:tfc,station:nosuch&from=2026-11-20&to=2026-11-20");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("nosuch", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_new_parameters_and_answers()
    {
        using var client = fixture.App.CreateClient();
        var document = await client.GetStringAsync("/openapi/v1.json");

        Assert.Contains("/api/asteroid/stats/sessions", document, StringComparison.Ordinal);
        foreach (var schema in new[] { "SessionsResponse", "DailyCompare", "MetricsChange" })
        {
            Assert.Contains($"\"{schema}\"", document, StringComparison.Ordinal);
        }
    }

    private static string JsonValueKind(JsonObject o, string name) => o.TryGetPropertyValue(name, out var v) && v is null ? "null" : v?.ToJsonString() ?? "absent";

    public sealed class Fixture : IAsyncLifetime
    {
        private static readonly (string Ip, string? Country)[] Ips = [.. Import.AccessLogImportTests.PublicListeners];

        public TestDatabase Database { get; } = TestDatabase.Create();

        public AsteroidApp App { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            App = new AsteroidApp(Database, new Dictionary<string, string?> { ["Retention:RawDays"] = "36600" });
            using var client = App.CreateApiClient();
            (await client.PutAsJsonAsync("/api/asteroid/admin/servers/main", new { baseUrl = "http://127.0.0.1:9", adminPassword = "unused", enabled = false })).EnsureSuccessStatusCode();
            (await client.PutAsJsonAsync("/api/asteroid/admin/stations/tfc", new
            {
                name = "Traffic FM", timeZone = "UTC", mounts = new[] { new { server = "main", mount = "/live.mp3" } },
            })).EnsureSuccessStatusCode();

            const string vlc = "VLC/3.0.18 LibVLC/3.0.18";
            await ImportAsync(
            [
                (4, new DateTime(2026, 11, 19, 12, 0, 0, DateTimeKind.Utc), 1200, vlc), // E
                (0, new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc), 600, vlc), // A
                (1, new DateTime(2026, 11, 20, 10, 20, 0, DateTimeKind.Utc), 59, vlc), // B
                (2, new DateTime(2026, 11, 20, 10, 30, 0, DateTimeKind.Utc), 60, vlc), // C
                (3, new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc), 5400, "Googlebot/2.1 (+http://www.google.com/bot.html)"), // D
                (5, new DateTime(2026, 11, 20, 23, 50, 0, DateTimeKind.Utc), 1200, vlc), // F
            ]);
            await Eventually.Get(() => App.GetJsonAsync("/api/asteroid/stats/daily?station=tfc&from=2026-11-19&to=2026-11-21&traffic=gross"),
                r => (long?)r["total"]!["sessions"] == 6, TimeSpan.FromSeconds(30), "the history is aggregated");
            await Eventually.Get(() => App.GetJsonAsync("/api/asteroid/stats/geo?station=tfc&from=2026-11-19&to=2026-11-21&traffic=gross"),
                r => r["countries"]!.AsArray().Sum(c => (long)c!["sessions"]!) == 6, TimeSpan.FromSeconds(30), "the geo days are aggregated");
        }

        /// <summary>Access-log lines (one per session: the address index, start, seconds, agent).</summary>
        public async Task ImportAsync(IEnumerable<(int Ip, DateTime Start, int Seconds, string Agent)> sessions)
        {
            var log = new StringBuilder();
            foreach (var (ip, start, seconds, agent) in sessions)
            {
                var ended = new DateTimeOffset(start.AddSeconds(seconds), TimeSpan.Zero);
                log.Append(CultureInfo.InvariantCulture,
                    $"{Ips[ip % Ips.Length].Ip} - - [{ended:dd/MMM/yyyy:HH:mm:ss} +0000] \"GET /live.mp3 HTTP/1.1\" 200 {seconds * 8000} \"-\" \"{agent}\" {seconds}\n");
            }

            using var client = App.CreateApiClient();
            using var import = await client.PostAsync("/api/asteroid/admin/import/access-log?server=main", new StringContent(log.ToString(), Encoding.ASCII));
            import.EnsureSuccessStatusCode();
        }

        public async Task DisposeAsync()
        {
            await App.DisposeAsync();
            await Database.DisposeAsync();
        }
    }
}
