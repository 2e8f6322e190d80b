using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Asteroid.IntegrationTests.Infrastructure;

namespace Asteroid.IntegrationTests.Shows;

/// <summary>The schedule endpoints and the show report on a station in America/New_York (EST,
/// UTC-5, in November) whose sessions come from an imported access log: every figure against a
/// table computed by hand, a listener across two shows counting in both and once in the total,
/// week over week, dayparts, access and bad input.</summary>
public sealed class ShowReportTests(ShowReportTests.Fixture fixture) : IClassFixture<ShowReportTests.Fixture>
{
    private const string Vlc = "VLC/3.0.18 LibVLC/3.0.18";
    private const string Range = "station=nyc&from=2026-11-18&to=2026-11-18";
    private static readonly string[] Weekdays = ["mon", "tue", "wed", "thu", "fri"];
    private static readonly string[] Wednesday = ["wed"];
    private static readonly string[] Saturday = ["sat"];
    private static readonly string[] Nyc = ["nyc"];
    private static readonly string[] Other = ["other"];

    // Wednesday 2026-11-18: morning 06-10 local = 11:00Z-15:00Z, midday 10-15 = 15:00Z-20:00Z.
    // L1 14:00Z-16:00Z (in both shows), L2 11:00Z-13:00Z, L3 10:30Z-12:00Z; the week before L2 11:00Z-12:00Z.
    private static readonly string AccessLog = string.Join('\n',
        Line("216.160.83.56", "11/Nov/2026:12:00:00", 3600),
        Line("81.2.69.142", "18/Nov/2026:16:00:00", 7200),
        Line("216.160.83.56", "18/Nov/2026:13:00:00", 7200),
        Line("89.160.20.112", "18/Nov/2026:12:00:00", 5400)) + "\n";

    private static string Line(string ip, string end, int seconds) =>
        $"{ip} - - [{end} +0000] \"GET /radio.mp3 HTTP/1.1\" 200 100000 \"-\" \"{Vlc}\" {seconds}";

    [Fact]
    public async Task Every_episode_figure_matches_the_hand_computed_table()
    {
        await fixture.ReadyAsync();
        var report = await fixture.App.GetJsonAsync($"/api/asteroid/stats/shows?{Range}");

        Assert.Equal(("station", "America/New_York", "net"), ((string)report["scope"]!, (string)report["timeZone"]!, (string)report["traffic"]!));
        var shows = report["shows"]!.AsArray();
        Assert.Equal(["morning", "midday"], shows.Select(s => (string)s!["show"]!)); // ranked by AQH
        var morning = Assert.Single(shows[0]!["episodes"]!.AsArray())!;
        Assert.Equal(DateTimeOffset.Parse("2026-11-18T11:00:00Z"), (DateTimeOffset)morning["start"]!);
        Assert.Equal(DateTimeOffset.Parse("2026-11-18T15:00:00Z"), (DateTimeOffset)morning["end"]!);
        // sessions L2 (starts at 11:00) and L1; active 3; listeners 3; minutes 60 + 120 + 60; AQH (8 + 4 + 4) / 16 quarters.
        Assert.Equal((2L, 3L, 3L, 240.0, 1.0), ((long)morning["sessions"]!, (long)morning["activeSessions"]!, (long)morning["uniqueListeners"]!,
            (double)morning["listenMinutes"]!, (double)morning["aqh"]!));
        Assert.Equal((80.0, 80.0, 2, DateTimeOffset.Parse("2026-11-18T11:00:00Z")),
            ((double)morning["avgSessionMinutes"]!, (double)morning["tslMinutes"]!, (int)morning["peakConcurrent"]!, (DateTimeOffset)morning["peakAt"]!));
        Assert.Equal((2, 2), ((int)morning["tuneIns"]!, (int)morning["tuneOuts"]!));
        Assert.Equal(1L, (long)morning["newListeners"]!); // L1: L3 started before the episode, L2 was first heard the week before
        var retention = morning["retention"]!;
        Assert.Equal(2, (int)retention["listenersAtStart"]!); // L2 and L3
        var points = retention["points"]!.AsArray();
        Assert.Equal(21, points.Count);
        Assert.Equal((0, 1.0), ((int)points[0]!["percent"]!, (double)points[0]!["share"]!));
        Assert.Equal((25, 0.5), ((int)points[5]!["percent"]!, (double)points[5]!["share"]!)); // 12:00Z: L3 has left
        Assert.Equal(0.0, (double)points[10]!["share"]!); // 13:00Z: L2 too

        var midday = Assert.Single(shows[1]!["episodes"]!.AsArray())!;
        Assert.Equal((0L, 1L, 60.0, 0.2), ((long)midday["sessions"]!, (long)midday["uniqueListeners"]!, (double)midday["listenMinutes"]!, (double)midday["aqh"]!));
    }

    [Fact]
    public async Task A_listener_across_two_shows_counts_in_both_and_once_in_the_total()
    {
        await fixture.ReadyAsync();
        var report = await fixture.App.GetJsonAsync($"/api/asteroid/stats/shows?{Range}");

        var shows = report["shows"]!.AsArray();
        Assert.Equal(3L, (long)shows[0]!["total"]!["uniqueListeners"]!);
        Assert.Equal(1L, (long)shows[1]!["total"]!["uniqueListeners"]!);
        Assert.Equal(3L, (long)report["total"]!["uniqueListeners"]!); // L1 once, not 3 + 1
        Assert.Equal(300.0, (double)report["total"]!["listenMinutes"]!);
        Assert.Equal(3L, (long)report["total"]!["activeSessions"]!); // L1's one session once, not in each show
    }

    [Fact]
    public async Task Week_over_week_compares_each_episode_with_the_same_show_a_week_before()
    {
        await fixture.ReadyAsync();
        var report = await fixture.App.GetJsonAsync($"/api/asteroid/stats/shows?{Range}&compare=previous");

        var morning = report["shows"]!.AsArray()[0]!["episodes"]!.AsArray()[0]!;
        var compare = morning["compare"]!;
        Assert.Equal(DateTimeOffset.Parse("2026-11-11T11:00:00Z"), (DateTimeOffset)compare["start"]!);
        Assert.Equal((1L, 60.0), ((long)compare["uniqueListeners"]!, (double)compare["listenMinutes"]!));
        Assert.Equal(2.0, (double)compare["change"]!["uniqueListeners"]!); // (3 - 1) / 1
        Assert.Equal(3.0, (double)compare["change"]!["listenMinutes"]!);  // (240 - 60) / 60
        var midday = report["shows"]!.AsArray()[1]!["episodes"]!.AsArray()[0]!;
        Assert.Null(midday["compare"]); // midday is valid from 2026-11-12: no episode the week before
        Assert.True((bool)midday["noPreviousEpisode"]!);
        Assert.Equal(1L, (long)compare["newListeners"]!); // L2 was new the week before
    }

    [Fact]
    public async Task A_daypart_restricts_the_shows_and_the_daily_report_to_its_local_hours()
    {
        await fixture.ReadyAsync();
        // Custom daypart "breakfast": Mon-Fri 06:00-07:00 local (11:00Z-12:00Z on 2026-11-18).
        using var client = fixture.App.CreateApiClient();
        (await client.PutAsJsonAsync("/api/asteroid/admin/stations/nyc/dayparts", new
        {
            dayparts = new object[]
            {
                new { id = "breakfast", name = "Breakfast", slots = new[] { new { days = Weekdays, start = "06:00", end = "07:00" } } },
                new { id = "morning-drive", name = "Morning drive", slots = new[] { new { days = Weekdays, start = "06:00", end = "10:00" } } },
            },
        })).EnsureSuccessStatusCode();

        var shows = await fixture.App.GetJsonAsync($"/api/asteroid/stats/shows?{Range}&daypart=breakfast");
        Assert.Equal("breakfast", (string)shows["daypart"]!);
        var morning = shows["shows"]!.AsArray().Single(s => (string)s!["show"]! == "morning")!;
        var episode = Assert.Single(morning["episodes"]!.AsArray())!;
        Assert.Equal(DateTimeOffset.Parse("2026-11-18T12:00:00Z"), (DateTimeOffset)episode["end"]!);
        Assert.Equal((2L, 120.0, 2.0), ((long)episode["uniqueListeners"]!, (double)episode["listenMinutes"]!, (double)episode["aqh"]!)); // L2, L3 all hour
        Assert.Empty(shows["shows"]!.AsArray().Single(s => (string)s!["show"]! == "midday")!["episodes"]!.AsArray());

        var daily = await fixture.App.GetJsonAsync($"/api/asteroid/stats/daily?{Range}&daypart=morning-drive");
        var day = Assert.Single(daily["days"]!.AsArray())!;
        Assert.Equal(("2026-11-18", 3L, 240.0, 1.0), ((string)day["date"]!, (long)day["uniqueListeners"]!, (double)day["listenMinutes"]!, (double)day["aqh"]!));
        // Hourly: the four local hours of the daypart, each from the raw sessions: 06:00 L2 and L3, 07:00 L2, 08:00 nobody, 09:00 L1.
        var hourly = await fixture.App.GetJsonAsync($"/api/asteroid/stats/hourly?{Range}&daypart=morning-drive");
        var hours = hourly["hours"]!.AsArray();
        Assert.Equal(["2026-11-18T06:00:00-05:00", "2026-11-18T07:00:00-05:00", "2026-11-18T08:00:00-05:00", "2026-11-18T09:00:00-05:00"],
            hours.Select(h => (string)h!["start"]!));
        Assert.Equal([(2L, 120.0, 2.0), (1L, 60.0, 1.0), (0L, 0.0, 0.0), (1L, 60.0, 1.0)],
            hours.Select(h => ((long)h!["uniqueListeners"]!, (double)h["listenMinutes"]!, (double)h["aqh"]!)));

        // Without the daypart: the day rows (written by the day grains as the sessions arrive), 120 + 120 + 90.
        await Eventually.Get(() => fixture.App.GetJsonAsync($"/api/asteroid/stats/daily?{Range}"),
            r => (double)r["days"]!.AsArray()[0]!["listenMinutes"]! == 330.0, TimeSpan.FromSeconds(30), "the whole day has all three sessions");
    }

    [Fact]
    public async Task A_daypart_restricts_the_summary_and_geo_to_its_local_hours()
    {
        await fixture.ReadyAsync();
        // Daypart "early": Mon-Fri 06:00-07:00 local = 11:00Z-12:00Z on 2026-11-18. In it: L2 (Milton, US,
        // 11:00Z-13:00Z: starts there, a 2 h session) and L3 (Linkoping, SE, 10:30Z-12:00Z: started before);
        // L1 (London, 14:00Z-16:00Z) is outside.
        using var client = fixture.App.CreateApiClient();
        (await client.PutAsJsonAsync("/api/asteroid/admin/stations/nyc/dayparts", new
        {
            dayparts = new object[]
            {
                new { id = "early", name = "Early", slots = new[] { new { days = Weekdays, start = "06:00", end = "07:00" } } },
                new { id = "morning-drive", name = "Morning drive", slots = new[] { new { days = Weekdays, start = "06:00", end = "10:00" } } },
            },
        })).EnsureSuccessStatusCode();

        var summary = await fixture.App.GetJsonAsync($"/api/asteroid/stats/summary?{Range}&daypart=early");
        var total = summary; // the summary's metrics are its top-level fields
        Assert.Equal((1L, 2L, 2L, 120.0, 2.0), ((long)total["sessions"]!, (long)total["activeSessions"]!, (long)total["uniqueListeners"]!,
            (double)total["listenMinutes"]!, (double)total["aqh"]!));
        var lengths = summary["sessionLengths"]!.AsObject();
        Assert.Equal(1L, (long)lengths["2-4h"]!); // L2's 7,200 s session; L3's started before the daypart
        Assert.Equal(1L, lengths.Sum(l => (long)l.Value!));
        var breakdowns = summary["breakdowns"]!;
        Assert.Equal([("SE", 1L, 0L, 60.0), ("US", 1L, 1L, 60.0)], breakdowns["countries"]!.AsArray()
            .Select(c => ((string)c!["value"]!, (long)c["uniqueListeners"]!, (long)c["sessions"]!, (double)c["listenMinutes"]!)));
        var mount = Assert.Single(breakdowns["mounts"]!.AsArray())!;
        Assert.Equal((2L, 1L, 120.0), ((long)mount["uniqueListeners"]!, (long)mount["sessions"]!, (double)mount["listenMinutes"]!));

        var geo = await fixture.App.GetJsonAsync($"/api/asteroid/stats/geo?{Range}&daypart=early");
        Assert.Equal(["SE", "US"], geo["countries"]!.AsArray().Select(c => (string)c!["countryCode"]!));
        Assert.Equal("Milton", (string)geo["countries"]!.AsArray()[1]!["cities"]!.AsArray().Single()!["city"]!);

        // The whole morning drive: all three listeners; without a daypart, the day rows give the same countries.
        var drive = await fixture.App.GetJsonAsync($"/api/asteroid/stats/geo?{Range}&daypart=morning-drive");
        Assert.Equal(3, drive["countries"]!.AsArray().Count);
        var csv = await client.GetStringAsync($"/api/asteroid/stats/export?dataset=geo&format=csv&{Range}&daypart=early");
        Assert.Equal(5, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // header, SE and its city, US and its city
        var hourlyCsv = await client.GetStringAsync($"/api/asteroid/stats/export?dataset=hourly&format=csv&{Range}&daypart=early");
        Assert.Equal(2, hourlyCsv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // header and the one hour

        // Week over week within the daypart: the week before has L2's hour on 2026-11-11 (06:00-07:00 local).
        var weekly = await fixture.App.GetJsonAsync("/api/asteroid/stats/summary?station=nyc&from=2026-11-12&to=2026-11-18&daypart=early&compare=previous");
        Assert.Equal((2L, 1L, 60.0), ((long)weekly["uniqueListeners"]!, (long)weekly["compare"]!["uniqueListeners"]!, (double)weekly["compare"]!["listenMinutes"]!));
        Assert.Equal(1.0, (double)weekly["compare"]!["change"]!["uniqueListeners"]!); // (2 - 1) / 1

        // The sessions behind the daypart's figure, and where they came from: those that start in its hours (L2 only).
        var sessions = await fixture.App.GetJsonAsync($"/api/asteroid/stats/sessions?{Range}&daypart=early");
        var session = Assert.Single(sessions["sessions"]!.AsArray())!;
        Assert.Equal(DateTimeOffset.Parse("2026-11-18T11:00:00Z"), (DateTimeOffset)session["startedAt"]!);
        Assert.Equal(3, (await fixture.App.GetJsonAsync($"/api/asteroid/stats/sessions?{Range}"))["sessions"]!.AsArray().Count);
        var sources = await fixture.App.GetJsonAsync($"/api/asteroid/stats/sources?{Range}&daypart=early");
        Assert.Equal(1L, sources["playerKinds"]!.AsArray().Sum(k => (long)k!["sessions"]!));
    }

    [Fact]
    public async Task The_shows_export_has_one_row_per_episode()
    {
        await fixture.ReadyAsync();
        using var client = fixture.App.CreateApiClient();

        var csv = await client.GetStringAsync($"/api/asteroid/stats/export?dataset=shows&format=csv&{Range}");

        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("show,name,start,end,oneOff,sessions,", lines[0], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("morning,Morning drive,", lines[1], StringComparison.Ordinal);
        using var refused = await client.GetAsync($"/api/asteroid/stats/export?dataset=sessions&{Range}&daypart=overnight");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task The_schedule_reads_back_as_stored_and_the_changes_are_audited()
    {
        await fixture.ReadyAsync();
        var morning = await fixture.App.GetJsonAsync("/api/asteroid/admin/stations/nyc/shows/morning");
        Assert.Equal(("Morning drive", "Ann"), ((string)morning["name"]!, (string)morning["host"]!));
        Assert.Equal(["mon", "tue", "wed", "thu", "fri"], morning["slots"]![0]!["days"]!.AsArray().Select(d => (string)d!));
        var list = await fixture.App.GetJsonAsync("/api/asteroid/admin/stations/nyc/shows");
        Assert.Equal(["midday", "morning"], list.AsArray().Select(s => (string)s!["id"]!));

        var audit = await fixture.App.GetJsonAsync("/api/asteroid/admin/audit?limit=1000");
        Assert.Contains(audit["entries"]!.AsArray(), e => (string)e!["action"]! == "show.create" && (string)e["target"]! == "nyc/morning");
    }

    [Fact]
    public async Task An_overlapping_show_is_refused_with_409_naming_the_show_and_nothing_changes()
    {
        await fixture.ReadyAsync();
        using var client = fixture.App.CreateApiClient();
        using var response = await client.PutAsJsonAsync("/api/asteroid/admin/stations/nyc/shows/news",
            new { name = "News", slots = new[] { new { days = Wednesday, start = "09:00", end = "09:45" } } });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonNode>())!;
        Assert.Equal("morning", (string)problem["conflictingShow"]!);
        Assert.Contains("morning", (string)problem["detail"]!, StringComparison.Ordinal);
        using var missing = await client.GetAsync("/api/asteroid/admin/stations/nyc/shows/news");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData("""{"name":"X","slots":[{"days":["funday"],"start":"06:00","end":"07:00"}]}""", "slots[0]")]
    [InlineData("""{"name":"X","slots":[{"days":["sat"],"start":"6am","end":"07:00"}]}""", "slots[0]")]
    [InlineData("""{"name":"X","slots":[{"days":["sat"],"start":"06:00","end":"25:00"}]}""", "slots[0]")]
    [InlineData("""{"name":"X","slots":[{"days":["sat"],"start":"06:00","end":"07:00"}],"validFrom":"2026-13-01"}""", "validFrom")]
    [InlineData("""{"name":"X","episodes":[{"start":"2026-11-20T10:00:00","end":"2026-11-20T11:00:00"}]}""", "episodes[0]")]
    [InlineData("""{"name":"X","episodes":[{"start":"2026-11-20T11:00:00Z","end":"2026-11-20T10:00:00Z"}]}""", "episodes[0]")]
    [InlineData("""{"slots":[{"days":["sat"],"start":"06:00","end":"07:00"}]}""", "name")]
    public async Task Bad_shows_get_400_problem_details_naming_the_field(string body, string field)
    {
        await fixture.ReadyAsync();
        using var client = fixture.App.CreateApiClient();
        using var response = await client.PutAsync("/api/asteroid/admin/stations/nyc/shows/bad", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonNode>())!;
        Assert.NotNull(problem["errors"]![field]);
    }

    [Theory]
    [InlineData("/api/asteroid/stats/shows?station=nyc&from=2026-11-18&to=2026-11-18&daypart=nosuch", HttpStatusCode.BadRequest)]
    [InlineData("/api/asteroid/stats/shows?server=imported&from=2026-11-18&to=2026-11-18", HttpStatusCode.BadRequest)]
    [InlineData("/api/asteroid/stats/shows?station=nyc&from=2026-11-18&to=2026-11-18&compare=year", HttpStatusCode.BadRequest)]
    [InlineData("/api/asteroid/stats/shows?station=nosuch&from=2026-11-18&to=2026-11-18", HttpStatusCode.NotFound)]
    [InlineData("/api/asteroid/stats/hourly?station=nyc&from=2026-11-18&to=2026-11-18&daypart=nosuch", HttpStatusCode.BadRequest)]
    [InlineData("/api/asteroid/stats/geo?station=nyc&from=2026-11-18&to=2026-11-18&daypart=nosuch", HttpStatusCode.BadRequest)]
    [InlineData("/api/asteroid/stats/summary?station=nyc&from=2026-11-18&to=2026-11-18&daypart=nosuch", HttpStatusCode.BadRequest)]
    [InlineData("/api/asteroid/stats/summary?server=imported&from=2026-11-18&to=2026-11-18&daypart=overnight", HttpStatusCode.BadRequest)]
    [InlineData("/api/asteroid/stats/geo?station=nyc&from=2026-01-01&to=2026-12-01&daypart=overnight", HttpStatusCode.BadRequest)]
    [InlineData("/api/asteroid/stats/shows?station=nyc&from=2026-01-01&to=2026-12-01", HttpStatusCode.BadRequest)]
    [InlineData("/api/asteroid/stats/daily?station=nyc&from=2026-01-01&to=2026-12-01&daypart=overnight", HttpStatusCode.BadRequest)]
    [InlineData("/api/asteroid/admin/stations/nosuch/shows", HttpStatusCode.NotFound)]
    [InlineData("/api/asteroid/stats/shows?station=nyc&from=0001-01-01&to=0001-01-01", HttpStatusCode.BadRequest)] // was a 500: the week before is outside the calendar
    [InlineData("/api/asteroid/stats/daily?station=nyc&from=9999-12-30&to=9999-12-30&daypart=overnight", HttpStatusCode.BadRequest)]
    public async Task Bad_report_parameters_get_problem_details(string path, HttpStatusCode expected)
    {
        using var client = fixture.App.CreateApiClient();
        using var response = await client.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_caller_who_may_not_read_the_station_gets_403_and_a_viewer_may_read_but_not_change()
    {
        await fixture.ReadyAsync();
        using var outsider = fixture.Key(fixture.OtherViewerKey);
        using var viewer = fixture.Key(fixture.NycViewerKey);

        foreach (var path in new[] { $"/api/asteroid/stats/shows?{Range}", "/api/asteroid/admin/stations/nyc/shows", "/api/asteroid/admin/stations/nyc/dayparts" })
        {
            using var denied = await outsider.GetAsync(path);
            Assert.True(denied.StatusCode == HttpStatusCode.Forbidden, $"{path}: {(int)denied.StatusCode}");
            Assert.Equal("application/problem+json", denied.Content.Headers.ContentType?.MediaType);
            using var allowed = await viewer.GetAsync(path);
            Assert.True(allowed.StatusCode == HttpStatusCode.OK, $"{path} as the station's viewer: {(int)allowed.StatusCode}");
        }

        using var put = await viewer.PutAsJsonAsync("/api/asteroid/admin/stations/nyc/shows/late",
            new { name = "Late", slots = new[] { new { days = Saturday, start = "23:00", end = "01:00" } } });
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        using var delete = await viewer.DeleteAsync("/api/asteroid/admin/stations/nyc/shows/morning");
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
    }

    [Fact]
    public async Task The_default_dayparts_are_tritons()
    {
        var dayparts = await fixture.App.GetJsonAsync("/api/asteroid/admin/stations/other/dayparts");

        Assert.True((bool)dayparts["default"]!);
        Assert.Equal(["morning-drive", "midday", "afternoon-drive", "evening", "weekend", "overnight"],
            dayparts["dayparts"]!.AsArray().Select(d => (string)d!["id"]!));
    }

    public sealed class Fixture : IAsyncLifetime
    {
        private readonly SemaphoreSlim _once = new(1, 1);
        private bool _ready;

        public TestDatabase Database { get; } = TestDatabase.Create();

        public AsteroidApp App { get; private set; } = null!;

        /// <summary>Viewer of station nyc.</summary>
        public string NycViewerKey { get; private set; } = "";

        /// <summary>Viewer of station other only.</summary>
        public string OtherViewerKey { get; private set; } = "";

        public HttpClient Key(string key)
        {
            var client = App.CreateClient();
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
            return client;
        }

        public async Task InitializeAsync()
        {
            App = new AsteroidApp(Database, new Dictionary<string, string?> { ["Retention:RawDays"] = "3660" });
            using var client = App.CreateApiClient();
            (await client.PutAsJsonAsync("/api/asteroid/admin/servers/imported",
                new { baseUrl = "http://127.0.0.1:9", adminPassword = "unused", enabled = false })).EnsureSuccessStatusCode();
            (await client.PutAsJsonAsync("/api/asteroid/admin/stations/nyc",
                new { name = "NYC", timeZone = "America/New_York", mounts = new[] { new { server = "imported", mount = "/radio.mp3" } } })).EnsureSuccessStatusCode();
            (await client.PutAsJsonAsync("/api/asteroid/admin/stations/other",
                new { name = "Other", timeZone = "UTC", mounts = new[] { new { server = "imported", mount = "/other.mp3" } } })).EnsureSuccessStatusCode();
            NycViewerKey = await CreateKeyAsync(client, new { name = "nyc viewer", role = "viewer", stations = Nyc });
            OtherViewerKey = await CreateKeyAsync(client, new { name = "other viewer", role = "viewer", stations = Other });
        }

        /// <summary>The log imported and the two shows stored, once for the class.</summary>
        public async Task ReadyAsync()
        {
            await _once.WaitAsync();
            try
            {
                if (_ready)
                {
                    return;
                }

                using var client = App.CreateApiClient();
                using (var response = await client.PostAsync("/api/asteroid/admin/import/access-log?server=imported", new ByteArrayContent(Encoding.UTF8.GetBytes(AccessLog))))
                {
                    response.EnsureSuccessStatusCode();
                }

                var weekdays = Weekdays;
                (await client.PutAsJsonAsync("/api/asteroid/admin/stations/nyc/shows/morning",
                    new { name = "Morning drive", host = "Ann", slots = new[] { new { days = Weekdays, start = "06:00", end = "10:00" } } })).EnsureSuccessStatusCode();
                (await client.PutAsJsonAsync("/api/asteroid/admin/stations/nyc/shows/midday",
                    new { name = "Midday", slots = new[] { new { days = Weekdays, start = "10:00", end = "15:00" } }, validFrom = "2026-11-12" })).EnsureSuccessStatusCode();
                // newListeners reads the first-seen table, which the day grains fill as the sessions arrive.
                await Eventually.Get(() => Database.ScalarAsync<long>("SELECT count(*) FROM listener_first_seen WHERE scope = 'station:nyc'"),
                    n => n == 3, TimeSpan.FromSeconds(30), "the three listeners are recorded as seen");
                _ready = true;
            }
            finally
            {
                _once.Release();
            }
        }

        private static async Task<string> CreateKeyAsync(HttpClient admin, object body)
        {
            using var response = await admin.PostAsJsonAsync("/api/asteroid/admin/api-keys", body);
            response.EnsureSuccessStatusCode();
            return (string)(await response.Content.ReadFromJsonAsync<JsonNode>())!["key"]!;
        }

        public async Task DisposeAsync()
        {
            await App.DisposeAsync();
            await Database.DisposeAsync();
            _once.Dispose();
        }
    }
}
