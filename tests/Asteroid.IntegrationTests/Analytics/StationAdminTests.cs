using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Asteroid.IntegrationTests.Infrastructure;

namespace Asteroid.IntegrationTests.Analytics;

public sealed class StationAdminTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Create();
    private AsteroidApp _app = null!;
    private ReplayIcecast _icecast = null!;

    public async Task InitializeAsync()
    {
        _icecast = await ReplayIcecast.StartAsync();
        _app = new AsteroidApp(_database);
        await _app.PutServerAsync("main", _icecast.BaseUrl, "recorded", pollIntervalSeconds: 60);
        await _app.PutServerAsync("relay", _icecast.BaseUrl, "recorded", pollIntervalSeconds: 60);
    }

    [Fact]
    public async Task A_station_is_created_read_listed_and_deleted_and_a_mount_belongs_to_one_station()
    {
        using var client = _app.CreateApiClient();
        var body = new { name = "Radio One", timeZone = "Europe/Berlin", mounts = new[] { new { server = "main", mount = "/live.mp3" }, new { server = "relay", mount = "/live.mp3" } } };

        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/api/asteroid/admin/stations/one", body)).StatusCode);
        var station = await _app.GetJsonAsync("/api/asteroid/admin/stations/one");
        using var taken = await client.PutAsJsonAsync("/api/asteroid/admin/stations/two", new { name = "Two", mounts = new[] { new { server = "main", mount = "/live.mp3" } } });

        Assert.Equal(("Radio One", "Europe/Berlin", 2), ((string?)station["name"], (string?)station["timeZone"], station["mounts"]!.AsArray().Count));
        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        Assert.Contains("already belongs to station 'one'", await taken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single((await _app.GetJsonAsync("/api/asteroid/admin/stations")).AsArray());
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/api/asteroid/admin/stations/one")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/api/asteroid/admin/stations/one")).StatusCode);
    }

    [Fact]
    public async Task Invalid_stations_are_refused_field_by_field()
    {
        using var client = _app.CreateApiClient();

        using var response = await client.PutAsJsonAsync("/api/asteroid/admin/stations/Bad Id", new { timeZone = "Mars/Olympus", mounts = new[] { new { server = "main", mount = "live" } } });
        using var serverId = await client.PutAsJsonAsync("/api/asteroid/admin/stations/main", new { name = "Main" });

        var errors = (await response.Content.ReadFromJsonAsync<JsonNode>())!["errors"]!.AsObject();
        Assert.Equal(["id", "mounts", "name", "timeZone"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, serverId.StatusCode);
    }

    [Fact]
    public async Task A_server_is_its_own_implicit_station_and_a_hook_ended_session_reaches_its_daily_numbers()
    {
        var implicitStation = await _app.GetJsonAsync("/api/asteroid/admin/stations/main");
        Assert.True((bool)implicitStation["implicit"]!);
        var token = (string)(await _app.GetJsonAsync("/api/asteroid/admin/servers/main/hook"))["token"]!;
        using var client = _app.CreateClient();

        using var hook = await client.PostAsync($"/api/asteroid/icecast/hooks/main?token={token}", new StringContent(
            "action=listener_remove&server=127%2e0%2e0%2e1&port=18000&client=901&mount=%2fnew%2emp3&user=&pass=&ip=81%2e2%2e69%2e142&agent=VLC%2f3%2e0%2e18&duration=600",
            Encoding.ASCII, "application/x-www-form-urlencoded"));
        hook.EnsureSuccessStatusCode();
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var report = await Eventually.Get(() => _app.GetJsonAsync($"/api/asteroid/stats/daily?station=main&from={yesterday}&to={today}"),
            r => (long?)r["total"]!["sessions"] == 1, TimeSpan.FromSeconds(20), "the session is in the daily numbers");
        Assert.Equal((1L, 10.0, 1L), ((long)report["total"]!["uniqueListeners"]!, (double)report["total"]!["listenMinutes"]!, (long)report["total"]!["newListeners"]!));
        var geo = await _app.GetJsonAsync($"/api/asteroid/stats/geo?server=main&mount=/new.mp3&from={yesterday}&to={today}");
        Assert.Equal("GB", (string?)geo["countries"]![0]!["countryCode"]);
    }

    [Fact]
    public async Task A_listener_still_connected_counts_in_todays_numbers_before_the_session_ends()
    {
        // The replayed Icecast has 8 listeners on relay's mounts (polled), plus the one added by the hook.
        await Eventually.Get(() => _database.ScalarAsync<long>("SELECT count(*) FROM open_sessions WHERE server_id = 'relay'"), n => n == 8,
            TimeSpan.FromSeconds(20), "the recorded listeners are open sessions");
        var token = (string)(await _app.GetJsonAsync("/api/asteroid/admin/servers/relay/hook"))["token"]!;
        using var client = _app.CreateClient();
        using var hook = await client.PostAsync($"/api/asteroid/icecast/hooks/relay?token={token}", new StringContent(
            "action=listener_add&server=127%2e0%2e0%2e1&port=18000&client=902&mount=%2fopen%2emp3&user=&pass=&ip=2%2e125%2e160%2e216&agent=Winamp%2f5%2e9",
            Encoding.ASCII, "application/x-www-form-urlencoded"));
        Assert.Equal("1", hook.Headers.GetValues("icecast-auth-user").Single());
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var report = await Eventually.Get(() => _app.GetJsonAsync($"/api/asteroid/stats/daily?station=relay&from={today}&to={today}"),
            r => (int?)r["total"]!["peakConcurrent"] == 9, TimeSpan.FromSeconds(20), "the open sessions are in today's live numbers");

        Assert.Equal(0, await _database.ScalarAsync<long>("SELECT count(*) FROM listener_sessions WHERE server_id = 'relay'"));
        Assert.Equal(9L, (long)report["total"]!["shortSessions"]! + (long)report["total"]!["sessions"]!); // none finished yet
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _icecast.DisposeAsync();
        await _database.DisposeAsync();
    }
}
