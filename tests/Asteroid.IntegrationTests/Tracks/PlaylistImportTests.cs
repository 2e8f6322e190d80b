using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Asteroid.IntegrationTests.Infrastructure;

namespace Asteroid.IntegrationTests.Tracks;

/// <summary>A playlist.log and an access log imported together: every per-play figure against a
/// table computed by hand (sessions from an access log have exact times, so the audience is exact),
/// plays across midnight and across the 2026-11-01 America/New_York change, idempotent imports.</summary>
public sealed class PlaylistImportTests(PlaylistImportTests.Fixture fixture) : IClassFixture<PlaylistImportTests.Fixture>
{
    private const string Vlc = "VLC/3.0.18 LibVLC/3.0.18";

    // Plays on /hist.mp3: P1 One [10:00, 10:04), P2 Two [10:04, 10:08), P3 One again [10:08, 10:12),
    // P4 "Station ID" from 10:12 (the log's last line: open).
    private const string PlaylistLog = """
        20/Nov/2026:10:00:00 +0000|/hist.mp3|0|Artist A - Song One
        20/Nov/2026:10:04:00 +0000|/hist.mp3|2|Artist B - Song Two
        20/Nov/2026:10:08:00 +0000|/hist.mp3|2|artist a -  SONG ONE
        20/Nov/2026:10:12:00 +0000|/hist.mp3|1|Station ID
        not a playlist line
        20/Nov/2026:23:58:00 +0000|/night.mp3|0|Late - Night
        21/Nov/2026:00:03:00 +0000|/night.mp3|0|Early - Morning
        01/Nov/2026:03:30:00 +0000|/dst.mp3|0|Before - Day
        01/Nov/2026:04:00:00 +0000|/dst.mp3|0|First - Of Day
        02/Nov/2026:04:30:00 +0000|/dst.mp3|0|Last - Of Day
        02/Nov/2026:05:00:00 +0000|/dst.mp3|0|Next - Day
        """;

    // S1 09:58-10:10 and S4 10:10:30-10:14 are one listener (same address and player); S2 10:02-10:06;
    // S3 10:05-10:05:30 (30 s: gross only); a bot 10:00-10:12 (gross only). Lines are written at the end.
    private static readonly string AccessLog = string.Join('\n',
        Line("81.2.69.142", "20/Nov/2026:10:10:00", Vlc, 720),
        Line("216.160.83.56", "20/Nov/2026:10:06:00", Vlc, 240),
        Line("89.160.20.112", "20/Nov/2026:10:05:30", Vlc, 30),
        Line("81.2.69.142", "20/Nov/2026:10:14:00", Vlc, 210),
        Line("175.16.199.0", "20/Nov/2026:10:12:00", "Googlebot/2.1 (+http://www.google.com/bot.html)", 720)) + "\n";

    private static string Line(string ip, string end, string agent, int seconds) =>
        $"{ip} - - [{end} +0000] \"GET /hist.mp3 HTTP/1.1\" 200 100000 \"-\" \"{agent}\" {seconds}";

    [Fact]
    public async Task Every_per_play_figure_matches_the_hand_computed_table_net_and_gross()
    {
        await fixture.ImportedAsync();
        await Eventually.Get(() => fixture.Database.ScalarAsync<long>("SELECT count(*) FROM plays WHERE mount = '/hist.mp3' AND audience_final"),
            n => n == 3, TimeSpan.FromSeconds(30), "the three ended plays have their audience stored");

        var net = (await fixture.App.GetJsonAsync("/api/asteroid/stats/plays?server=imported&mount=/hist.mp3&from=2026-11-20&to=2026-11-20"))["plays"]!.AsArray();
        var gross = (await fixture.App.GetJsonAsync("/api/asteroid/stats/plays?server=imported&mount=/hist.mp3&from=2026-11-20&to=2026-11-20&traffic=gross"))["plays"]!.AsArray();

        Assert.Equal(["Song One", "Song Two", "SONG ONE", "Station ID"], net.Select(p => (string)p!["title"]!));
        Assert.Equal(["Artist A", "Artist B", "artist a", null], net.Select(p => (string?)p!["artist"]));
        Assert.Equal("import", (string)net[0]!["source"]!);
        Assert.Equal(DateTimeOffset.Parse("2026-11-20T10:04:00Z"), (DateTimeOffset)net[0]!["endedAt"]!);
        Assert.Null(net[3]!["endedAt"]);

        // atStart, atEnd, peak, unique, tuneIns, tuneOuts, listenMinutes
        Assert.Equal((1, 2, 2, 2, 1, 0, 6.0), Figures(net[0]!));
        Assert.Equal((2, 1, 2, 2, 0, 1, 6.0), Figures(net[1]!));
        Assert.Equal((1, 1, 1, 1, 1, 1, 3.5), Figures(net[2]!));
        Assert.Equal((1, 0, 1, 1, 0, 1, 2.0), Figures(net[3]!)); // open play: S4 from 10:12 to 10:14
        Assert.Equal((1, 3, 3, 3, 2, 0, 10.0), Figures(gross[0]!));
        Assert.Equal((3, 2, 4, 4, 1, 2, 10.5), Figures(gross[1]!));
        Assert.Equal((2, 1, 2, 2, 1, 2, 7.5), Figures(gross[2]!));

        // Friday 10:00-11:00 baseline (net): the three final plays, 2 tune-outs in 15.5 listener-minutes.
        Assert.Equal(3, (int)net[1]!["baselinePlays"]!);
        Assert.Equal(Math.Round(1 / 6.0 / (2 / 15.5), 4), (double)net[1]!["tuneOutIndex"]!);
        Assert.Equal(0, (double)net[0]!["tuneOutIndex"]!);
    }

    [Fact]
    public async Task A_range_longer_than_the_baseline_window_rates_its_plays_against_the_plays_it_read()
    {
        await fixture.ImportedAsync();
        await Eventually.Get(() => fixture.Database.ScalarAsync<long>("SELECT count(*) FROM plays WHERE mount = '/hist.mp3' AND audience_final"),
            n => n == 3, TimeSpan.FromSeconds(30), "the three ended plays have their audience stored");

        // 32 days: the baseline is the whole range, taken from the plays read (one day: a query of its own).
        var day = (await fixture.App.GetJsonAsync("/api/asteroid/stats/plays?server=imported&mount=/hist.mp3&from=2026-11-20&to=2026-11-20"))["plays"]!.AsArray();
        var month = (await fixture.App.GetJsonAsync("/api/asteroid/stats/plays?server=imported&mount=/hist.mp3&from=2026-10-20&to=2026-11-20"))["plays"]!.AsArray();

        Assert.Equal(3, (int)month[1]!["baselinePlays"]!);
        Assert.Equal(Math.Round(1 / 6.0 / (2 / 15.5), 4), (double)month[1]!["tuneOutIndex"]!);
        Assert.Equal(day.Select(p => ((int)p!["baselinePlays"]!, (double?)p["tuneOutIndex"])), month.Select(p => ((int)p!["baselinePlays"]!, (double?)p["tuneOutIndex"])));
    }

    [Fact]
    public async Task A_track_over_a_range_counts_its_listeners_as_a_union_and_sorts_as_asked()
    {
        await fixture.ImportedAsync();
        var tracks = (await fixture.App.GetJsonAsync("/api/asteroid/stats/tracks?server=imported&mount=/hist.mp3&from=2026-11-20&to=2026-11-20&sort=plays"))["tracks"]!.AsArray();

        var one = tracks[0]!;
        Assert.Equal(("artist a", "SONG ONE", 2), ((string)one["artist"]!, (string)one["title"]!, (int)one["plays"]!)); // as last played
        Assert.Equal(2, (long)one["uniqueListeners"]!); // {S1, S2} ∪ {S1}: 2, not 3
        Assert.Equal((9.5, 2, 1, 2), ((double)one["listenMinutes"]!, (int)one["tuneIns"]!, (int)one["tuneOuts"]!, (int)one["peakListeners"]!));
        Assert.Equal(3, tracks.Count);

        var byMinutes = (await fixture.App.GetJsonAsync("/api/asteroid/stats/tracks?server=imported&mount=/hist.mp3&from=2026-11-20&to=2026-11-20&sort=listenMinutes"))["tracks"]!.AsArray();
        Assert.Equal([9.5, 6.0, 2.0], byMinutes.Select(x => (double)x!["listenMinutes"]!));
    }

    [Fact]
    public async Task A_play_belongs_to_the_local_day_it_starts_in_across_midnight_and_the_fall_back_change()
    {
        await fixture.ImportedAsync();

        var nov20 = (await fixture.App.GetJsonAsync("/api/asteroid/stats/plays?server=imported&mount=/night.mp3&from=2026-11-20&to=2026-11-20"))["plays"]!.AsArray();
        var late = Assert.Single(nov20)!;
        Assert.Equal(("Late", DateTimeOffset.Parse("2026-11-21T00:03:00Z")), ((string)late["artist"]!, (DateTimeOffset)late["endedAt"]!));
        var nov21 = (await fixture.App.GetJsonAsync("/api/asteroid/stats/plays?server=imported&mount=/night.mp3&from=2026-11-21&to=2026-11-21"))["plays"]!.AsArray();
        Assert.Equal("Early", (string)Assert.Single(nov21)!["artist"]!);

        // Station nyc (America/New_York): 2026-11-01 runs from 04:00Z to 05:00Z the next day (25 hours).
        var day = await fixture.App.GetJsonAsync("/api/asteroid/stats/plays?station=nyc&from=2026-11-01&to=2026-11-01");
        Assert.Equal("America/New_York", (string)day["timeZone"]!);
        Assert.Equal(["First", "Last"], day["plays"]!.AsArray().Select(p => (string)p!["artist"]!));
    }

    [Fact]
    public async Task A_daypart_keeps_the_plays_that_start_in_its_local_hours()
    {
        await fixture.ImportedAsync();
        // Sunday 2026-11-01 in New York: "First" at 00:00 EDT (overnight, 00-06), "Last" at 23:30 EST (weekend, Sat-Sun 06-24).
        const string day = "station=nyc&from=2026-11-01&to=2026-11-01";

        var overnight = await fixture.App.GetJsonAsync($"/api/asteroid/stats/plays?{day}&daypart=overnight");
        Assert.Equal(["First"], overnight["plays"]!.AsArray().Select(p => (string)p!["artist"]!));
        var weekend = await fixture.App.GetJsonAsync($"/api/asteroid/stats/tracks?{day}&daypart=weekend");
        Assert.Equal(["Last"], weekend["tracks"]!.AsArray().Select(t => (string)t!["artist"]!));
        var drive = await fixture.App.GetJsonAsync($"/api/asteroid/stats/plays?{day}&daypart=morning-drive"); // Mon-Fri only
        Assert.Empty(drive["plays"]!.AsArray());
        using var client = fixture.App.CreateApiClient();
        var csv = await client.GetStringAsync($"/api/asteroid/stats/export?dataset=plays&format=csv&{day}&daypart=overnight");
        Assert.Equal(2, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        using var server = await client.GetAsync("/api/asteroid/stats/tracks?server=imported&from=2026-11-20&to=2026-11-20&daypart=overnight");
        Assert.Equal(HttpStatusCode.BadRequest, server.StatusCode); // dayparts belong to a station, not to a whole server
        Assert.Equal("application/problem+json", server.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Importing_the_same_log_again_adds_nothing_and_bad_lines_are_reported_by_number()
    {
        var first = await fixture.ImportedAsync();
        var again = await fixture.ImportPlaylistAsync();

        Assert.Equal(11, (long)first["linesRead"]!);
        Assert.Equal(10, (long)first["playsImported"]!);
        var rejected = Assert.Single(first["rejected"]!.AsArray())!;
        Assert.Equal(5, (long)rejected["line"]!);
        Assert.Equal((0L, 10L), ((long)again["playsImported"]!, (long)again["duplicates"]!));
        Assert.Equal(10, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM plays WHERE server_id = 'imported'"));
    }

    [Theory]
    [InlineData("/api/asteroid/admin/import/playlist-log?server=nosuch", HttpStatusCode.NotFound)]
    [InlineData("/api/asteroid/admin/import/playlist-log", HttpStatusCode.BadRequest)]
    [InlineData("/api/asteroid/admin/import/playlist-log?server=imported&timeZone=Mars", HttpStatusCode.BadRequest)]
    public async Task Bad_import_parameters_get_problem_details(string path, HttpStatusCode expected)
    {
        using var client = fixture.App.CreateApiClient();
        using var response = await client.PostAsync(path, new StringContent("x"));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/asteroid/stats/plays?server=imported&mount=/hist.mp3&from=2026-11-20&to=2026-11-20&traffic=net2", HttpStatusCode.BadRequest)]
    [InlineData("/api/asteroid/stats/tracks?server=imported&mount=/hist.mp3&from=2026-11-20&to=2026-11-20&sort=loudness", HttpStatusCode.BadRequest)]
    [InlineData("/api/asteroid/stats/tracks?station=nosuch&from=2026-11-20&to=2026-11-20", HttpStatusCode.NotFound)]
    [InlineData("/api/asteroid/stats/plays?from=2026-11-20", HttpStatusCode.BadRequest)]
    [InlineData("/api/asteroid/stats/export?dataset=tracks&server=imported&mount=/hist.mp3&from=2026-11-20&to=2026-11-20&sort=x", HttpStatusCode.BadRequest)]
    public async Task Bad_report_parameters_get_problem_details(string path, HttpStatusCode expected)
    {
        using var client = fixture.App.CreateApiClient();
        using var response = await client.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_plays_and_tracks_exports_carry_the_same_rows()
    {
        await fixture.ImportedAsync();
        using var client = fixture.App.CreateApiClient();

        var plays = await client.GetStringAsync("/api/asteroid/stats/export?dataset=plays&format=csv&server=imported&mount=/hist.mp3&from=2026-11-20&to=2026-11-20");
        var tracks = await client.GetStringAsync("/api/asteroid/stats/export?dataset=tracks&format=json&server=imported&mount=/hist.mp3&from=2026-11-20&to=2026-11-20");

        var lines = plays.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("server,mount,startedAt,endedAt", lines[0], StringComparison.Ordinal);
        Assert.Equal(5, lines.Length);
        Assert.Equal(3, JsonNode.Parse(tracks)!.AsArray().Count);
    }

    private static (int, int, int, int, int, int, double) Figures(JsonNode p) => (
        (int)p["listenersAtStart"]!, (int)p["listenersAtEnd"]!, (int)p["peakListeners"]!, (int)p["uniqueListeners"]!,
        (int)p["tuneIns"]!, (int)p["tuneOuts"]!, (double)p["listenMinutes"]!);

    public sealed class Fixture : IAsyncLifetime
    {
        private readonly SemaphoreSlim _once = new(1, 1);
        private JsonNode? _firstImport;

        public TestDatabase Database { get; } = TestDatabase.Create();

        public AsteroidApp App { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            App = new AsteroidApp(Database, new Dictionary<string, string?>
            {
                ["Retention:RawDays"] = "3660",
                ["Tracks:FinalizeAfterSeconds"] = "1",
                ["Tracks:FinalizeIntervalSeconds"] = "1",
            });
            using var client = App.CreateApiClient();
            (await client.PutAsJsonAsync("/api/asteroid/admin/servers/imported",
                new { baseUrl = "http://127.0.0.1:9", adminPassword = "unused", enabled = false })).EnsureSuccessStatusCode();
            (await client.PutAsJsonAsync("/api/asteroid/admin/stations/nyc",
                new { name = "NYC", timeZone = "America/New_York", mounts = new[] { new { server = "imported", mount = "/dst.mp3" } } })).EnsureSuccessStatusCode();
        }

        /// <summary>Both logs, imported once for the whole class; the answer of the playlist import.</summary>
        public async Task<JsonNode> ImportedAsync()
        {
            await _once.WaitAsync();
            try
            {
                if (_firstImport is null)
                {
                    using var client = App.CreateApiClient();
                    using var access = await client.PostAsync("/api/asteroid/admin/import/access-log?server=imported",
                        new ByteArrayContent(Encoding.UTF8.GetBytes(AccessLog)));
                    access.EnsureSuccessStatusCode();
                    _firstImport = await ImportPlaylistAsync();
                }

                return _firstImport;
            }
            finally
            {
                _once.Release();
            }
        }

        public async Task<JsonNode> ImportPlaylistAsync()
        {
            using var client = App.CreateApiClient();
            using var response = await client.PostAsync("/api/asteroid/admin/import/playlist-log?server=imported",
                new ByteArrayContent(Encoding.UTF8.GetBytes(PlaylistLog.Replace("\r", "", StringComparison.Ordinal))));
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<JsonNode>())!;
        }

        public async Task DisposeAsync()
        {
            await App.DisposeAsync();
            await Database.DisposeAsync();
            _once.Dispose();
        }
    }
}
