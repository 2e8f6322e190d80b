using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Asteroid.IntegrationTests.Infrastructure;

namespace Asteroid.IntegrationTests.Shows;

/// <summary><c>POST …/shows/import-ics</c> on the running service: a calendar imported and read back
/// through the shows list and <c>/stats/shows</c>, idempotence, replace, the all-or-nothing 409 and
/// hostile bodies. Each test uses its own station (America/New_York: EST, UTC-5, in November).</summary>
public sealed class IcsImportTests(IcsImportTests.Fixture fixture) : IClassFixture<IcsImportTests.Fixture>
{
    private static readonly string[] Weekdays = ["mon", "tue", "wed", "thu", "fri"];
    private static readonly string[] Saturday = ["sat"];
    private static readonly string[] Wednesday = ["wed"];
    private static readonly string[] Cal6 = ["cal6"];
    private static readonly string[] TwoDates = ["2026-11-18", "2026-11-26"];
    private static readonly string[] NotADate = ["26 Nov"];

    private static string Calendar(params string[] events) =>
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + string.Concat(events.Select(e => "BEGIN:VEVENT\r\n" + e.Trim().Replace("\n", "\r\n") + "\r\nEND:VEVENT\r\n")) + "END:VCALENDAR\r\n";

    private const string Morning = """
        UID:morning@radio.example
        SUMMARY:Morning Drive
        ORGANIZER;CN=Ann Lee:mailto:ann@radio.example
        DTSTART;TZID=America/New_York:20261102T060000
        DTEND;TZID=America/New_York:20261102T100000
        RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR
        EXDATE;TZID=America/New_York:20261118T060000
        """;

    private const string Special = """
        UID:special@radio.example
        SUMMARY:Election Special
        DTSTART:20261119T010000Z
        DTEND:20261119T040000Z
        """;

    private const string Monthly = """
        UID:monthly@radio.example
        SUMMARY:Monthly Review
        DTSTART;TZID=America/New_York:20261105T200000
        DTEND;TZID=America/New_York:20261105T210000
        RRULE:FREQ=MONTHLY;BYDAY=1TH
        """;

    private static StringContent Ics(string text) => new(text, Encoding.UTF8, "text/calendar");

    private async Task<JsonNode> ImportAsync(string station, string ics, string query = "")
    {
        using var client = fixture.App.CreateApiClient();
        using var response = await client.PostAsync($"/api/asteroid/admin/stations/{station}/shows/import-ics{query}", Ics(ics));
        var body = (await response.Content.ReadFromJsonAsync<JsonNode>())!;
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body.ToJsonString()}");
        return body;
    }

    [Fact]
    public async Task An_imported_calendar_reads_back_as_shows_and_episodes_and_twice_changes_nothing()
    {
        await fixture.StationAsync("cal1");
        var first = await ImportAsync("cal1", Calendar(Morning, Special, Monthly));

        Assert.Equal((2, 0, 0, 0, 1), ((int)first["created"]!, (int)first["updated"]!, (int)first["unchanged"]!, (int)first["removed"]!, (int)first["skipped"]!));
        var skipped = Assert.Single(first["skippedEvents"]!.AsArray())!;
        Assert.Equal("monthly@radio.example", (string)skipped["uid"]!);
        Assert.Contains("FREQ=MONTHLY", (string)skipped["reason"]!, StringComparison.Ordinal);
        Assert.True((int)skipped["line"]! > 0);

        var morning = await fixture.App.GetJsonAsync("/api/asteroid/admin/stations/cal1/shows/morning-radio.example");
        Assert.Equal(("Morning Drive", "Ann Lee", "2026-11-02"), ((string)morning["name"]!, (string)morning["host"]!, (string)morning["validFrom"]!));
        Assert.Equal(Weekdays, morning["slots"]![0]!["days"]!.AsArray().Select(d => (string)d!));
        Assert.Equal(("06:00", "10:00"), ((string)morning["slots"]![0]!["start"]!, (string)morning["slots"]![0]!["end"]!));
        Assert.Equal(["2026-11-18"], morning["exceptDates"]!.AsArray().Select(d => (string)d!));
        Assert.Equal("morning@radio.example", (string)morning["calendarUid"]!);

        // Mon 16 – Fri 20 Nov: morning at 11:00Z except Wednesday 18 (EXDATE); the special on the 19th at 01:00Z.
        var report = await fixture.App.GetJsonAsync("/api/asteroid/stats/shows?station=cal1&from=2026-11-16&to=2026-11-20");
        var shows = report["shows"]!.AsArray();
        var morningEpisodes = shows.Single(s => (string)s!["show"]! == "morning-radio.example")!["episodes"]!.AsArray();
        Assert.Equal(["2026-11-16T11:00:00Z", "2026-11-17T11:00:00Z", "2026-11-19T11:00:00Z", "2026-11-20T11:00:00Z"],
            morningEpisodes.Select(e => ((DateTimeOffset)e!["start"]!).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)));
        var special = Assert.Single(shows.Single(s => (string)s!["show"]! == "special-radio.example")!["episodes"]!.AsArray())!;
        Assert.Equal(DateTimeOffset.Parse("2026-11-19T01:00:00Z", System.Globalization.CultureInfo.InvariantCulture), (DateTimeOffset)special["start"]!);
        Assert.True((bool)special["oneOff"]!);

        var second = await ImportAsync("cal1", Calendar(Morning, Special, Monthly));
        Assert.Equal((0, 0, 2), ((int)second["created"]!, (int)second["updated"]!, (int)second["unchanged"]!));
        var list = await fixture.App.GetJsonAsync("/api/asteroid/admin/stations/cal1/shows");
        Assert.Equal(["morning-radio.example", "special-radio.example"], list.AsArray().Select(s => (string)s!["id"]!));

        var audit = await fixture.App.GetJsonAsync("/api/asteroid/admin/audit?limit=1000");
        Assert.Contains(audit["entries"]!.AsArray(), e => (string)e!["action"]! == "show.import-ics" && (string)e["target"]! == "cal1");
    }

    [Fact]
    public async Task Replace_removes_the_events_gone_from_the_calendar_but_not_shows_made_by_hand()
    {
        await fixture.StationAsync("cal2");
        using var client = fixture.App.CreateApiClient();
        (await client.PutAsJsonAsync("/api/asteroid/admin/stations/cal2/shows/weekend",
            new { name = "Weekend", slots = new[] { new { days = Saturday, start = "08:00", end = "12:00" } } })).EnsureSuccessStatusCode();
        await ImportAsync("cal2", Calendar(Morning, Special));

        var kept = await ImportAsync("cal2", Calendar(Morning));
        Assert.Equal((0, 1), ((int)kept["removed"]!, (int)kept["unchanged"]!));
        var replaced = await ImportAsync("cal2", Calendar(Morning), "?replace=true");
        Assert.Equal((1, "special-radio.example"), ((int)replaced["removed"]!,
            (string)replaced["shows"]!.AsArray().Single(s => (string)s!["action"]! == "removed")!["showId"]!));

        var list = await fixture.App.GetJsonAsync("/api/asteroid/admin/stations/cal2/shows");
        Assert.Equal(["morning-radio.example", "weekend"], list.AsArray().Select(s => (string)s!["id"]!));
    }

    [Fact]
    public async Task A_show_edited_by_hand_stays_the_calendars_and_the_next_import_puts_it_back()
    {
        await fixture.StationAsync("cal7");
        await ImportAsync("cal7", Calendar(Morning));
        using var client = fixture.App.CreateApiClient();
        (await client.PutAsJsonAsync("/api/asteroid/admin/stations/cal7/shows/morning-radio.example", new
        {
            name = "Morning (edited)", slots = new[] { new { days = Weekdays, start = "06:00", end = "10:00" } }, validFrom = "2026-11-02",
            exceptDates = TwoDates,
        })).EnsureSuccessStatusCode();
        var edited = await fixture.App.GetJsonAsync("/api/asteroid/admin/stations/cal7/shows/morning-radio.example");
        Assert.Equal(("Morning (edited)", "morning@radio.example"), ((string)edited["name"]!, (string)edited["calendarUid"]!));
        Assert.Equal(["2026-11-18", "2026-11-26"], edited["exceptDates"]!.AsArray().Select(d => (string)d!));

        var again = await ImportAsync("cal7", Calendar(Morning));

        Assert.Equal((0, 1), ((int)again["created"]!, (int)again["updated"]!));
        var list = await fixture.App.GetJsonAsync("/api/asteroid/admin/stations/cal7/shows");
        var only = Assert.Single(list.AsArray())!;
        Assert.Equal(("morning-radio.example", "Morning Drive"), ((string)only["id"]!, (string)only["name"]!));
        using var bad = await client.PutAsJsonAsync("/api/asteroid/admin/stations/cal7/shows/x",
            new { name = "X", slots = new[] { new { days = Weekdays, start = "20:00", end = "21:00" } }, exceptDates = NotADate });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.NotNull((await bad.Content.ReadFromJsonAsync<JsonNode>())!["errors"]!["exceptDates[0]"]);
    }

    [Fact]
    public async Task An_overlap_with_an_existing_show_is_409_naming_it_and_nothing_is_written()
    {
        await fixture.StationAsync("cal3");
        using var client = fixture.App.CreateApiClient();
        (await client.PutAsJsonAsync("/api/asteroid/admin/stations/cal3/shows/news",
            new { name = "News", slots = new[] { new { days = Wednesday, start = "09:00", end = "09:30" } } })).EnsureSuccessStatusCode();

        using var response = await client.PostAsync("/api/asteroid/admin/stations/cal3/shows/import-ics", Ics(Calendar(Special, Morning)));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonNode>())!;
        Assert.Equal(("news", "morning-radio.example"), ((string)problem["conflictingShow"]!, (string)problem["importedShow"]!));
        var list = await fixture.App.GetJsonAsync("/api/asteroid/admin/stations/cal3/shows");
        Assert.Equal(["news"], list.AsArray().Select(s => (string)s!["id"]!)); // not even the special, which fits
    }

    [Theory]
    [InlineData("garbage\r\nmore garbage\r\n", 1)]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nEND:VCALENDAR\r\n", 4)]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20260101T000000Z\r\nRRULE:FREQ=SOMETIMES\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", 5)]
    public async Task A_body_that_is_not_iCalendar_is_400_naming_the_line(string body, int line)
    {
        await fixture.StationAsync("cal4");
        using var client = fixture.App.CreateApiClient();
        using var response = await client.PostAsync("/api/asteroid/admin/stations/cal4/shows/import-ics", Ics(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonNode>())!;
        Assert.Equal(line, (int)problem["line"]!);
        Assert.Contains($"line {line}", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_bodies_get_4xx_problem_details()
    {
        await fixture.StationAsync("cal5");
        using var client = fixture.App.CreateApiClient();
        var huge = Calendar(Morning) + new string('X', 2 << 20);

        using var tooLarge = await client.PostAsync("/api/asteroid/admin/stations/cal5/shows/import-ics", Ics(huge));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);

        // Chunked (no Content-Length): the limit stops the read.
        using var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge)));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("text/calendar");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/asteroid/admin/stations/cal5/shows/import-ics") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var stopped = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, stopped.StatusCode);

        using var binary = await client.PostAsync("/api/asteroid/admin/stations/cal5/shows/import-ics", new ByteArrayContent([0, 1, 2, 0xff, 0xfe, 0]));
        Assert.Equal(HttpStatusCode.BadRequest, binary.StatusCode);

        using var json = await client.PostAsync("/api/asteroid/admin/stations/cal5/shows/import-ics", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);

        var tooMany = Calendar([.. Enumerable.Range(0, 2001).Select(i => $"UID:e{i}\nSUMMARY:E\nDTSTART:20260101T000000Z\nDTEND:20260101T000100Z")]);
        using var many = await client.PostAsync("/api/asteroid/admin/stations/cal5/shows/import-ics", Ics(tooMany));
        Assert.Equal(HttpStatusCode.BadRequest, many.StatusCode);

        using var unknown = await client.PostAsync("/api/asteroid/admin/stations/nosuch/shows/import-ics", Ics(Calendar(Morning)));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        foreach (var r in new[] { tooLarge, stopped, binary, json, many, unknown })
        {
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        }

        var list = await fixture.App.GetJsonAsync("/api/asteroid/admin/stations/cal5/shows");
        Assert.Empty(list.AsArray());
    }

    [Fact]
    public async Task A_viewer_may_not_import()
    {
        await fixture.StationAsync("cal6");
        using var admin = fixture.App.CreateApiClient();
        using var created = await admin.PostAsJsonAsync("/api/asteroid/admin/api-keys", new { name = "cal6 viewer", role = "viewer", stations = Cal6 });
        created.EnsureSuccessStatusCode();
        using var viewer = fixture.App.CreateClient();
        viewer.DefaultRequestHeaders.Add("X-Api-Key", (string)(await created.Content.ReadFromJsonAsync<JsonNode>())!["key"]!);

        using var response = await viewer.PostAsync("/api/asteroid/admin/stations/cal6/shows/import-ics", Ics(Calendar(Morning)));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    public sealed class Fixture : IAsyncLifetime
    {
        private bool _server;

        public TestDatabase Database { get; } = TestDatabase.Create();

        public AsteroidApp App { get; private set; } = null!;

        public Task InitializeAsync()
        {
            App = new AsteroidApp(Database);
            return Task.CompletedTask;
        }

        /// <summary>A station in America/New_York with a mount of its own.</summary>
        public async Task StationAsync(string id)
        {
            using var client = App.CreateApiClient();
            if (!_server)
            {
                (await client.PutAsJsonAsync("/api/asteroid/admin/servers/ics",
                    new { baseUrl = "http://127.0.0.1:9", adminPassword = "unused", enabled = false })).EnsureSuccessStatusCode();
                _server = true;
            }

            (await client.PutAsJsonAsync($"/api/asteroid/admin/stations/{id}",
                new { name = id, timeZone = "America/New_York", mounts = new[] { new { server = "ics", mount = $"/{id}.mp3" } } })).EnsureSuccessStatusCode();
        }

        public async Task DisposeAsync()
        {
            await App.DisposeAsync();
            await Database.DisposeAsync();
        }
    }
}
