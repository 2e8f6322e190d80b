using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Asteroid.IntegrationTests.Infrastructure;

namespace Asteroid.IntegrationTests.Analytics;

/// <summary>The network, server and group scopes on a small hand-made history (imported): stations
/// <c>a</c> (main /a.mp3) and <c>b</c> (main /b.mp3), both UTC; relay /c.mp3 in no station; a group
/// <c>east</c> (a and b, America/New_York) created after the import, so its history is the rebuild's.
/// Every expected number below is counted by hand from the sessions listed in <see cref="Fixture"/>.</summary>
public sealed class ScopeTests(ScopeTests.Fixture fixture) : IClassFixture<ScopeTests.Fixture>
{
    private static readonly string[] AAndB = ["a", "b"];
    private static readonly string[] AAndGhost = ["a", "ghost"];
    private static readonly string[] OnlyA = ["a"];

    [Fact]
    public async Task One_listener_on_two_stations_is_one_unique_in_the_network_and_on_the_server()
    {
        var network = await fixture.App.GetJsonAsync("/api/asteroid/stats/daily?from=2026-11-10&to=2026-11-10");
        var a = await fixture.App.GetJsonAsync("/api/asteroid/stats/daily?station=a&from=2026-11-10&to=2026-11-10");
        var b = await fixture.App.GetJsonAsync("/api/asteroid/stats/daily?station=b&from=2026-11-10&to=2026-11-10");
        var server = await fixture.App.GetJsonAsync("/api/asteroid/stats/daily?server=main&from=2026-11-10&to=2026-11-10");

        Assert.Equal(("network", "UTC"), ((string?)network["scope"], (string?)network["timeZone"]));
        Assert.Null(network["station"]);
        Assert.Equal(2, (long)a["total"]!["uniqueListeners"]! + (long)b["total"]!["uniqueListeners"]!);
        Assert.Equal(1, (long)network["total"]!["uniqueListeners"]!);
        Assert.Equal(2, (long)network["total"]!["sessions"]!);
        Assert.Equal(("server", "main"), ((string?)server["scope"], (string?)server["server"]));
        Assert.Equal(1, (long)server["total"]!["uniqueListeners"]!);
        // 10:00–11:00 on a and 10:30–11:30 on b: two sessions at once for half an hour.
        Assert.Equal(2, (int)network["total"]!["peakConcurrent"]!);
        Assert.Equal(120, (double)network["total"]!["listenMinutes"]!);
    }

    [Fact]
    public async Task The_network_peak_is_its_own_concurrency_not_a_sum_of_station_peaks()
    {
        // 2026-11-11: X on a 08:00–09:00, Y on b 10:00–11:00, V on relay /c.mp3 12:00–12:30.
        var network = await fixture.App.GetJsonAsync("/api/asteroid/stats/daily?from=2026-11-11&to=2026-11-11");
        var a = await fixture.App.GetJsonAsync("/api/asteroid/stats/daily?station=a&from=2026-11-11&to=2026-11-11");
        var b = await fixture.App.GetJsonAsync("/api/asteroid/stats/daily?station=b&from=2026-11-11&to=2026-11-11");
        var relay = await fixture.App.GetJsonAsync("/api/asteroid/stats/summary?server=relay&from=2026-11-11&to=2026-11-11");
        var main = await fixture.App.GetJsonAsync("/api/asteroid/stats/summary?server=main&from=2026-11-11&to=2026-11-11");

        Assert.Equal(1, (int)a["total"]!["peakConcurrent"]!);
        Assert.Equal(1, (int)b["total"]!["peakConcurrent"]!);
        Assert.Equal(1, (int)network["total"]!["peakConcurrent"]!);
        Assert.Equal(3, (long)network["total"]!["uniqueListeners"]!);
        Assert.Equal((2, 1), ((long)main["uniqueListeners"]!, (long)relay["uniqueListeners"]!));
        Assert.Equal((120.0, 30.0), ((double)main["listenMinutes"]!, (double)relay["listenMinutes"]!));
    }

    [Fact]
    public async Task A_group_in_new_york_counts_the_dst_day_in_25_local_hours()
    {
        var daily = await fixture.App.GetJsonAsync("/api/asteroid/stats/daily?group=east&from=2026-10-31&to=2026-11-01");
        var hourly = await fixture.App.GetJsonAsync("/api/asteroid/stats/hourly?group=east&date=2026-11-01");

        Assert.Equal(("group", "east", "America/New_York"), ((string?)daily["scope"], (string?)daily["group"], (string?)daily["timeZone"]));
        Assert.Null(daily["rebuilding"]);
        var days = daily["days"]!.AsArray();
        // P 2026-11-01T03:30Z is 23:30 EDT on 10-31; R (05:30Z = 01:30 EDT), S (06:30Z = 01:30 EST) and Q (11-02T04:30Z = 23:30 EST) are on 11-01.
        Assert.Equal((1L, 3L), ((long)days[0]!["sessions"]!, (long)days[1]!["sessions"]!));
        var hours = hourly["hours"]!.AsArray();
        Assert.Equal(25, hours.Count);
        Assert.Equal(("2026-11-01T01:00:00-04:00", 1L), ((string?)hours[1]!["start"], (long)hours[1]!["sessions"]!));
        Assert.Equal(("2026-11-01T01:00:00-05:00", 1L), ((string?)hours[2]!["start"], (long)hours[2]!["sessions"]!));
        Assert.Equal(("2026-11-01T23:00:00-05:00", 1L), ((string?)hours[24]!["start"], (long)hours[24]!["sessions"]!));
        Assert.Equal(3, hours.Sum(h => (long)h!["sessions"]!));
    }

    [Fact]
    public async Task Groups_are_listed_and_answered_with_their_definition()
    {
        var list = await fixture.App.GetJsonAsync("/api/asteroid/admin/groups");
        var east = await fixture.App.GetJsonAsync("/api/asteroid/admin/groups/east");

        Assert.Contains(list.AsArray(), g => (string?)g!["id"] == "east");
        Assert.Equal(("East", "America/New_York"), ((string?)east["name"], (string?)east["timeZone"]));
        Assert.Equal(["a", "b"], east["stations"]!.AsArray().Select(s => (string?)s));
    }

    [Theory]
    [InlineData("/api/asteroid/stats/daily?group=nosuch&from=2026-11-10&to=2026-11-10", HttpStatusCode.NotFound, "nosuch")]
    [InlineData("/api/asteroid/stats/summary?server=nosuch&from=2026-11-10&to=2026-11-10", HttpStatusCode.NotFound, "nosuch")]
    [InlineData("/api/asteroid/stats/daily?station=a&group=east&from=2026-11-10&to=2026-11-10", HttpStatusCode.BadRequest, "at most one scope")]
    [InlineData("/api/asteroid/stats/hourly?server=main&group=east&from=2026-11-10&to=2026-11-10", HttpStatusCode.BadRequest, "at most one scope")]
    [InlineData("/api/asteroid/stats/geo?mount=/a.mp3&from=2026-11-10&to=2026-11-10", HttpStatusCode.BadRequest, "mount= needs server=")]
    [InlineData("/api/asteroid/stats/export?dataset=daily&group=nosuch&from=2026-11-10&to=2026-11-10", HttpStatusCode.NotFound, "nosuch")]
    public async Task Unknown_scopes_are_404_and_two_scopes_are_400(string path, HttpStatusCode expected, string detail)
    {
        using var client = fixture.App.CreateApiClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_group_with_an_unknown_station_or_a_bad_field_is_refused()
    {
        using var client = fixture.App.CreateApiClient();

        using var unknown = await client.PutAsJsonAsync("/api/asteroid/admin/groups/west", new { name = "West", stations = AAndGhost });
        using var zone = await client.PutAsJsonAsync("/api/asteroid/admin/groups/west", new { name = "West", timeZone = "Mars/Olympus", stations = OnlyA });
        using var name = await client.PutAsJsonAsync("/api/asteroid/admin/groups/west", new { name = "We\nst", stations = OnlyA });
        using var id = await client.PutAsJsonAsync("/api/asteroid/admin/groups/West%0A", new { name = "West", stations = OnlyA });
        using var missing = await client.GetAsync("/api/asteroid/admin/groups/west");

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("ghost", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (zone.StatusCode, name.StatusCode, id.StatusCode));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    public sealed class Fixture : IAsyncLifetime
    {
        public TestDatabase Database { get; } = TestDatabase.Create();

        public AsteroidApp App { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            App = new AsteroidApp(Database, new Dictionary<string, string?> { ["Retention:RawDays"] = "36600" });
            using var client = App.CreateApiClient();
            foreach (var server in new[] { "main", "relay" })
            {
                (await client.PutAsJsonAsync($"/api/asteroid/admin/servers/{server}", new { baseUrl = "http://127.0.0.1:9", adminPassword = "unused", enabled = false }))
                    .EnsureSuccessStatusCode();
            }

            foreach (var station in new[] { "a", "b" })
            {
                (await client.PutAsJsonAsync($"/api/asteroid/admin/stations/{station}", new
                {
                    name = station.ToUpperInvariant(), timeZone = "UTC", mounts = new[] { new { server = "main", mount = $"/{station}.mp3" } },
                })).EnsureSuccessStatusCode();
            }

            const string l = "81.2.69.142", x = "2.125.160.216", y = "216.160.83.56", v = "89.160.20.112", p = "175.16.199.0";
            var main = new StringBuilder()
                .Append(Line(l, "/a.mp3", "2026-11-10T10:00:00Z", 3600)).Append(Line(l, "/b.mp3", "2026-11-10T10:30:00Z", 3600))
                .Append(Line(x, "/a.mp3", "2026-11-11T08:00:00Z", 3600)).Append(Line(y, "/b.mp3", "2026-11-11T10:00:00Z", 3600))
                .Append(Line(p, "/a.mp3", "2026-11-01T03:30:00Z", 1200)).Append(Line(p, "/a.mp3", "2026-11-01T05:30:00Z", 900))
                .Append(Line(x, "/b.mp3", "2026-11-01T06:30:00Z", 900)).Append(Line(y, "/b.mp3", "2026-11-02T04:30:00Z", 1200));
            (await client.PostAsync("/api/asteroid/admin/import/access-log?server=main", new StringContent(main.ToString(), Encoding.ASCII))).EnsureSuccessStatusCode();
            (await client.PostAsync("/api/asteroid/admin/import/access-log?server=relay",
                new StringContent(Line(v, "/c.mp3", "2026-11-11T12:00:00Z", 1800), Encoding.ASCII))).EnsureSuccessStatusCode();
            await Eventually.Get(() => App.GetJsonAsync("/api/asteroid/stats/daily?from=2026-10-31&to=2026-11-11"),
                r => (long?)r["total"]!["sessions"] == 9, TimeSpan.FromSeconds(30), "the imported sessions reach the network scope");

            (await client.PutAsJsonAsync("/api/asteroid/admin/groups/east", new { name = "East", timeZone = "America/New_York", stations = AAndB }))
                .EnsureSuccessStatusCode();
            await Eventually.Get(() => App.GetJsonAsync("/api/asteroid/admin/groups/east"), g => g["rebuilding"] is null, TimeSpan.FromSeconds(60),
                "the new group's history is rebuilt");
        }

        /// <summary>An access-log line of a session that started at <paramref name="start"/> and lasted <paramref name="seconds"/>.</summary>
        public static string Line(string ip, string mount, string start, int seconds)
        {
            var ended = DateTimeOffset.Parse(start, CultureInfo.InvariantCulture).AddSeconds(seconds);
            return string.Create(CultureInfo.InvariantCulture,
                $"{ip} - - [{ended:dd/MMM/yyyy:HH:mm:ss} +0000] \"GET {mount} HTTP/1.1\" 200 {seconds * 8000} \"-\" \"VLC/3.0.18 LibVLC/3.0.18\" {seconds}\n");
        }

        public async Task DisposeAsync()
        {
            await App.DisposeAsync();
            await Database.DisposeAsync();
        }
    }
}
