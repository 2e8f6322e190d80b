using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Asteroid.IntegrationTests.Infrastructure;

namespace Asteroid.IntegrationTests.Royalties;

/// <summary>A month computed by hand (docs/royalties.md), through the real paths: a playlist.log and an
/// access log imported (sessions enriched by the GeoIP test database: 216.160.83.56-.63 and
/// 149.101.100.0/28 are US, 81.2.69.142 GB), a catalogue PUT as CSV, the station's settings, and the
/// SoundExchange, PPL and unmatched reports of station "radio" (UTC, mounts /a.mp3 and /b.mp3, one channel).</summary>
public sealed class RoyaltyReportTests(RoyaltyReportTests.Fixture fixture) : IClassFixture<RoyaltyReportTests.Fixture>
{
    private const string Vlc = "VLC/3.0.18 LibVLC/3.0.18";

    // Both mounts carry the same programme (one channel). On 2026-11-01 (UTC):
    //   Before - Month  31 Oct 23:58 - 00:02   (starts in October: not November's)
    //   P1 Song One     00:02 - 00:06          catalogue (by name)
    //   J1 Station ID   00:06 - 00:07          non-music by the station's pattern "station id*"
    //   D1 Direct       00:07 - 00:10          catalogue: directly licensed
    //   P2 Crazy In Love 00:10 - 00:14         catalogue "Beyonce - Crazy in Love (feat. Jay-Z)" (diacritics, feat.)
    //   Filler          00:14 - 30 Nov 23:57   not in the catalogue
    //   Promo - Spot    30 Nov 23:57 - 23:58   catalogue: not music
    //   Late - Song     30 Nov 23:58 - 1 Dec 00:03 (across midnight and the month's end: November's), not in the catalogue
    //   December - Song from 1 Dec 00:03 (open)
    private static readonly string PlaylistLog = string.Concat(new[] { "/a.mp3", "/b.mp3" }.Select(m => $"""
        31/Oct/2026:23:58:00 +0000|{m}|0|Before - Month
        01/Nov/2026:00:02:00 +0000|{m}|0|Artist A - Song One
        01/Nov/2026:00:06:00 +0000|{m}|0|Station ID
        01/Nov/2026:00:07:00 +0000|{m}|0|Direct - Licensed
        01/Nov/2026:00:10:00 +0000|{m}|0|Beyoncé feat. Jay-Z - Crazy In Love
        01/Nov/2026:00:14:00 +0000|{m}|0|Unknown - Filler
        30/Nov/2026:23:57:00 +0000|{m}|0|Promo - Spot
        30/Nov/2026:23:58:00 +0000|{m}|0|Late - Song
        01/Dec/2026:00:03:00 +0000|{m}|0|December - Song

        """)).Replace("\r", "", StringComparison.Ordinal);

    // U1 (US) on /a 00:00-00:09 and on /b 00:05-00:12 (one listener on two mounts), and on /a 30 Nov 23:59 - 1 Dec 00:01;
    // U2 (US) on /a 00:13-00:20 (the last minute of P2: a part counts); a GB listener on /a 00:00-00:15;
    // a US bot on /a 00:00-00:15; U3 (US) on /a 30 Nov 23:57:30 - 1 Dec 00:05.
    private static readonly string AccessLog = string.Join('\n',
        Line("216.160.83.56", "/a.mp3", "01/Nov/2026:00:09:00", Vlc, 540),
        Line("216.160.83.56", "/b.mp3", "01/Nov/2026:00:12:00", Vlc, 420),
        Line("216.160.83.56", "/a.mp3", "01/Dec/2026:00:01:00", Vlc, 120),
        Line("216.160.83.57", "/a.mp3", "01/Nov/2026:00:20:00", Vlc, 420),
        Line("81.2.69.142", "/a.mp3", "01/Nov/2026:00:15:00", Vlc, 900),
        Line("216.160.83.58", "/a.mp3", "01/Nov/2026:00:15:00", "Googlebot/2.1 (+http://www.google.com/bot.html)", 900),
        Line("149.101.100.1", "/a.mp3", "01/Dec/2026:00:05:00", Vlc, 450)) + "\n";

    private const string Catalog = """
        artist,title,album,label,isrc,durationSeconds,music,directLicense
        Artist A,Song One,First Album,"Label One, Ltd",US-AAA-26-00001,240,true,false
        Beyonce,Crazy in Love (feat. Jay-Z),Dangerously in Love,Columbia,USSM10301234,236,,
        Direct,Licensed,Own Album,Own Label,,180,true,true
        Promo,Spot,,,,60,false,false
        """;

    private static readonly string[] Patterns = ["station id*"];

    private static string Line(string ip, string mount, string end, string agent, int seconds) =>
        $"{ip} - - [{end} +0000] \"GET {mount} HTTP/1.1\" 200 100000 \"-\" \"{agent}\" {seconds}";

    [Fact]
    public async Task The_census_report_of_use_counts_each_play_once_per_US_listener_who_heard_any_part()
    {
        await fixture.ReadyAsync();
        var report = await fixture.App.GetJsonAsync("/api/asteroid/reports/soundexchange?station=radio&month=2026-11");

        Assert.Equal(("KAST Radio", "B", "KASTRadio20261101_20261130_B.txt"),
            ((string)report["nameOfService"]!, (string)report["transmissionCategory"]!, (string)report["fileName"]!));
        var rows = report["rows"]!.AsArray();
        // Crazy In Love: U1 (on /b) and U2 (its last minute); Late - Song: U3 and U1 (it starts in November);
        // Song One: U1 once although on both mounts; Filler: U2. Not the bot, not the GB listener.
        Assert.Equal(
            [("Beyonce", "Crazy in Love (feat. Jay-Z)", 2L), ("Late", "Song", 2L), ("Artist A", "Song One", 1L), ("Unknown", "Filler", 1L)],
            rows.Select(r => ((string)r!["featuredArtist"]!, (string)r["soundRecordingTitle"]!, (long)r["actualTotalPerformances"]!)));
        Assert.Equal(("USAAA2600001", "First Album", "Label One, Ltd"), ((string)rows[2]!["isrc"]!, (string)rows[2]!["albumTitle"]!, (string)rows[2]!["marketingLabel"]!));
        Assert.Equal(6, (long)report["actualTotalPerformances"]!);
        var direct = Assert.Single(report["directlyLicensed"]!.AsArray())!;
        Assert.Equal(("Licensed", 1L), ((string)direct["soundRecordingTitle"]!, (long)direct["actualTotalPerformances"]!));
        // P1, J1, D1, P2, Filler, Promo, Late; J1 and Promo not music; Station ID, Filler and Late unmatched.
        Assert.Equal((7, 2, 3), ((int)report["plays"]!, (int)report["nonMusicPlays"]!, (int)report["unmatchedPlays"]!));
    }

    [Fact]
    public async Task ATH_is_the_US_listener_time_of_the_month_less_directly_licensed_and_non_music_plays()
    {
        await fixture.ReadyAsync();
        var ath = (await fixture.App.GetJsonAsync("/api/asteroid/reports/soundexchange?station=radio&month=2026-11"))["ath"]!;

        // U1: 00:00-00:12 (two mounts, counted once) + 30 Nov 23:59-24:00 = 13 min; U2 7 min; U3 23:57:30-24:00 = 2.5 min.
        // Inside D1 (directly licensed): U1 3 min. Inside J1 and Promo (not music): U1 1 min, U3 0.5 min.
        Assert.Equal(22.5 / 60, (double)ath["usListenerHours"]!, 4);
        Assert.Equal(3 / 60.0, (double)ath["directlyLicensedHours"]!, 4);
        Assert.Equal(1.5 / 60, (double)ath["nonMusicHours"]!, 4);
        Assert.Equal(18 / 60.0, (double)ath["aggregateTuningHours"]!, 4);
        Assert.Equal(3, (int)ath["usListeners"]!);
        Assert.Contains("directly licensed", (string)ath["howComputed"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_text_file_is_named_as_SoundExchange_asks_and_the_csv_carries_the_same_rows()
    {
        await fixture.ReadyAsync();
        using var client = fixture.App.CreateApiClient();

        using var txt = await client.GetAsync("/api/asteroid/reports/soundexchange?station=radio&month=2026-11&format=txt");
        txt.EnsureSuccessStatusCode();
        Assert.Equal("KASTRadio20261101_20261130_B.txt", txt.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var lines = (await txt.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("NAME_OF_SERVICE\tTRANSMISSION_CATEGORY\tFEATURED_ARTIST\tSOUND_RECORDING_TITLE\tISRC\tALBUM_TITLE\tMARKETING_LABEL\tACTUAL_TOTAL_PERFORMANCES\tCHANNEL_OR_PROGRAM_NAME", lines[0]);
        Assert.Equal("KAST Radio\tB\tBeyonce\tCrazy in Love (feat. Jay-Z)\tUSSM10301234\tDangerously in Love\tColumbia\t2\tradio", lines[1]);
        Assert.Equal(5, lines.Length);

        var csv = await client.GetStringAsync("/api/asteroid/reports/soundexchange?station=radio&month=2026-11&format=csv");
        var csvLines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, csvLines.Length);
        Assert.Equal("KAST Radio,B,Artist A,Song One,USAAA2600001,First Album,\"Label One, Ltd\",1,radio", csvLines[3]);
    }

    [Fact]
    public async Task October_has_only_the_play_that_started_in_it()
    {
        await fixture.ReadyAsync();
        var october = await fixture.App.GetJsonAsync("/api/asteroid/reports/soundexchange?station=radio&month=2026-10");

        // Before - Month, 23:58-00:02: heard by U1 (from 00:00, in November) and the GB listener and the bot: 1 performance.
        var row = Assert.Single(october["rows"]!.AsArray())!;
        Assert.Equal(("Before", 1L), ((string)row["featuredArtist"]!, (long)row["actualTotalPerformances"]!));
        Assert.Equal(0, (double)october["ath"]!["usListenerHours"]!);
    }

    [Fact]
    public async Task Unmatched_plays_are_listed_for_the_period()
    {
        await fixture.ReadyAsync();
        var unmatched = (await fixture.App.GetJsonAsync("/api/asteroid/reports/unmatched?station=radio&month=2026-11"))["plays"]!.AsArray();

        Assert.Equal(["Station ID", "Filler", "Song"], unmatched.Select(p => (string)p!["title"]!));
        Assert.Equal(["imported/a.mp3", "imported/b.mp3"], unmatched[0]!["mounts"]!.AsArray().Select(m => (string)m!));
        Assert.Equal("nonMusic", (string)unmatched[0]!["kind"]!);
    }

    [Fact]
    public async Task PPL_gives_listener_hours_tracks_per_hour_their_product_and_the_share_per_country()
    {
        await fixture.ReadyAsync();
        var ppl = await fixture.App.GetJsonAsync("/api/asteroid/reports/ppl?station=radio&from=2026-11-01&to=2026-11-01");

        // Non-bot listeners on 1 Nov: U1 12 min, U2 7 min, GB 15 min = 34 min. Music plays starting that day: P1, D1, P2,
        // Filler = 4, in 23 h 58 min of programme (00:02-24:00; Before - Month started the day before).
        Assert.Equal(Math.Round(34 / 60.0, 4), (double)ppl["totalListenerHours"]!);
        Assert.Equal(4, (int)ppl["musicPlays"]!);
        Assert.Equal(Math.Round(1438 / 60.0, 4), (double)ppl["programmeHours"]!);
        var perHour = Math.Round(4 / (1438 / 60.0), 4);
        Assert.Equal(perHour, (double)ppl["averageTracksPerHour"]!);
        Assert.Equal(Math.Round(Math.Round(34 / 60.0, 4) * perHour, 2), (double)ppl["performances"]!);
        var countries = ppl["countries"]!.AsArray();
        Assert.Equal([("US", Math.Round(1900 / 34.0, 2)), ("GB", Math.Round(1500 / 34.0, 2))],
            countries.Select(c => ((string)c!["country"]!, (double)c["percent"]!)));
    }

    [Theory]
    [InlineData("/api/asteroid/reports/soundexchange", "rows,ath,fileName,nameOfService,transmissionCategory,actualTotalPerformances")]
    [InlineData("/api/asteroid/reports/ppl", "totalListenerHours,averageTracksPerHour,performances,countries")]
    [InlineData("/api/asteroid/reports/unmatched", "station,plays")]
    public async Task The_openapi_document_describes_the_json_answers(string path, string fields)
    {
        using var client = fixture.App.CreateClient();
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;

        var schema = document["paths"]?[path]?["get"]?["responses"]?["200"]?["content"]?["application/json"]?["schema"];
        Assert.NotNull(schema);
        if (schema["$ref"] is { } reference)
        {
            schema = document["components"]!["schemas"]![((string)reference!).Split('/')[^1]]!;
        }

        foreach (var field in fields.Split(','))
        {
            Assert.True(schema["properties"]!.AsObject().ContainsKey(field), $"{path}: no '{field}'");
        }
    }

    [Theory]
    [InlineData("/api/asteroid/reports/soundexchange?station=radio&month=2026-13", HttpStatusCode.BadRequest)]
    [InlineData("/api/asteroid/reports/soundexchange?station=radio", HttpStatusCode.BadRequest)]
    [InlineData("/api/asteroid/reports/soundexchange?month=2026-11", HttpStatusCode.BadRequest)]
    [InlineData("/api/asteroid/reports/soundexchange?station=radio&month=2026-11&format=pdf", HttpStatusCode.BadRequest)]
    [InlineData("/api/asteroid/reports/soundexchange?station=nosuch&month=2026-11", HttpStatusCode.NotFound)]
    [InlineData("/api/asteroid/reports/ppl?station=radio&from=2026-11-02&to=2026-11-01", HttpStatusCode.BadRequest)]
    [InlineData("/api/asteroid/reports/ppl?station=nosuch&from=2026-11-01&to=2026-11-01", HttpStatusCode.NotFound)]
    [InlineData("/api/asteroid/reports/unmatched?station=radio", HttpStatusCode.BadRequest)]
    [InlineData("/api/asteroid/admin/catalog?format=xml", HttpStatusCode.BadRequest)]
    public async Task Bad_parameters_get_problem_details(string path, HttpStatusCode expected)
    {
        await fixture.ReadyAsync();
        using var client = fixture.App.CreateApiClient();
        using var response = await client.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_bad_catalogue_is_refused_with_the_line_at_fault_and_the_stored_one_is_kept()
    {
        await fixture.ReadyAsync();
        using var client = fixture.App.CreateApiClient();
        const string bad = "artist,title,isrc\nA,One,USAAA2600009\nB,Two,not-an-isrc\n";
        using var response = await client.PutAsync("/api/asteroid/admin/catalog", new StringContent(bad, Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonNode>())!;
        Assert.Equal(3, (int)problem["line"]!);
        Assert.StartsWith("line 3: isrc", (string)problem["detail"]!, StringComparison.Ordinal);

        var stored = await fixture.App.GetJsonAsync("/api/asteroid/admin/catalog");
        Assert.Equal(4, stored.AsArray().Count);
        var csv = await client.GetStringAsync("/api/asteroid/admin/catalog?format=csv");
        Assert.StartsWith("artist,title,album,label,isrc,durationSeconds,music,directLicense\r\nArtist A,Song One,First Album,\"Label One, Ltd\",USAAA2600001,240,true,false", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_catalogue_body_over_the_limit_is_refused_with_413()
    {
        await fixture.ReadyAsync();
        using var client = fixture.App.CreateApiClient();
        var huge = new ByteArrayContent(new byte[Asteroid.Web.Royalties.CatalogApi.MaxBodyBytes + 1]);
        huge.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        using var response = await client.PutAsync("/api/asteroid/admin/catalog", huge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    public sealed class Fixture : IAsyncLifetime
    {
        private readonly SemaphoreSlim _once = new(1, 1);
        private bool _ready;

        public TestDatabase Database { get; } = TestDatabase.Create();

        public AsteroidApp App { get; private set; } = null!;

        public Task InitializeAsync()
        {
            App = new AsteroidApp(Database, new Dictionary<string, string?> { ["Retention:RawDays"] = "3660" });
            return Task.CompletedTask;
        }

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
                (await client.PutAsJsonAsync("/api/asteroid/admin/servers/imported",
                    new { baseUrl = "http://127.0.0.1:9", adminPassword = "unused", enabled = false })).EnsureSuccessStatusCode();
                (await client.PutAsJsonAsync("/api/asteroid/admin/stations/radio", new
                {
                    name = "Radio", timeZone = "UTC",
                    mounts = new[] { new { server = "imported", mount = "/a.mp3" }, new { server = "imported", mount = "/b.mp3" } },
                })).EnsureSuccessStatusCode();
                (await client.PutAsJsonAsync("/api/asteroid/admin/stations/radio/royalties",
                    new { serviceName = "KAST Radio", transmissionCategory = "b", nonMusicPatterns = Patterns })).EnsureSuccessStatusCode();
                using (var catalog = await client.PutAsync("/api/asteroid/admin/catalog", new StringContent(Catalog.Replace("\r", "", StringComparison.Ordinal), Encoding.UTF8, "text/csv")))
                {
                    Assert.True(catalog.IsSuccessStatusCode, await catalog.Content.ReadAsStringAsync() + string.Join("\n", App.Logs.Where(l => l.Contains("xception", StringComparison.Ordinal))));
                    Assert.Equal(4, (int)(await catalog.Content.ReadFromJsonAsync<JsonNode>())!["entries"]!);
                }

                using (var access = await client.PostAsync("/api/asteroid/admin/import/access-log?server=imported", new ByteArrayContent(Encoding.UTF8.GetBytes(AccessLog))))
                {
                    access.EnsureSuccessStatusCode();
                    Assert.Equal(7, (long)(await access.Content.ReadFromJsonAsync<JsonNode>())!["sessionsImported"]!);
                }

                using (var playlist = await client.PostAsync("/api/asteroid/admin/import/playlist-log?server=imported", new ByteArrayContent(Encoding.UTF8.GetBytes(PlaylistLog))))
                {
                    playlist.EnsureSuccessStatusCode();
                    Assert.Equal(18, (long)(await playlist.Content.ReadFromJsonAsync<JsonNode>())!["playsImported"]!);
                }

                _ready = true;
            }
            finally
            {
                _once.Release();
            }
        }

        public async Task DisposeAsync()
        {
            await App.DisposeAsync();
            await Database.DisposeAsync();
            _once.Dispose();
        }
    }
}
