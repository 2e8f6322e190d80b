using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Asteroid.IntegrationTests.Infrastructure;
using Asteroid.Live;
using Asteroid.Mounts;
using Asteroid.Web.Live;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Asteroid.IntegrationTests.Access;

/// <summary>The three roles against in-scope and out-of-scope reports, filtered listings, the
/// SignalR hub, old and name-only keys.</summary>
public sealed class RoleBehaviourTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    private const string Range = "from=2026-11-01&to=2026-11-07";

    [Theory]
    [InlineData("viewer", "jazz", HttpStatusCode.OK)]
    [InlineData("viewer", "live", HttpStatusCode.Forbidden)]
    [InlineData("manager", "jazz", HttpStatusCode.OK)]
    [InlineData("manager", "live", HttpStatusCode.Forbidden)]
    [InlineData("admin", "jazz", HttpStatusCode.OK)]
    [InlineData("admin", "live", HttpStatusCode.OK)]
    public async Task Station_reports_follow_the_grants(string role, string station, HttpStatusCode expected)
    {
        using var client = ClientFor(role);
        foreach (var report in new[] { "daily", "hourly", "geo", "summary" })
        {
            using var response = await client.GetAsync($"/api/asteroid/stats/{report}?station={station}&{Range}");
            Assert.True(expected == response.StatusCode, $"{role} {report} {station}: {(int)response.StatusCode}");
        }

        using var export = await client.GetAsync($"/api/asteroid/stats/export?dataset=sessions&station={station}&{Range}");
        Assert.Equal(expected, export.StatusCode);
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("manager")]
    public async Task A_granted_scope_in_scopes_does_not_open_another_scope_named_beside_it(string role)
    {
        // The caller may read jazz, not live: naming jazz in scopes= must not let station=live through on any report.
        using var client = ClientFor(role);
        foreach (var report in new[] { "daily", "hourly", "geo", "summary", "sessions", "plays", "tracks", "export?dataset=sessions&x=1" })
        {
            var separator = report.Contains('?', StringComparison.Ordinal) ? "&" : "?";
            using var response = await client.GetAsync($"/api/asteroid/stats/{report}{separator}scopes=station:jazz&station=live&{Range}");
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{role} {report}: {(int)response.StatusCode}");
        }

        // Listed in scopes= itself, an ungranted scope is refused too.
        using var listed = await client.GetAsync($"/api/asteroid/stats/summary?scopes=station:jazz,station:live&{Range}");
        Assert.Equal(HttpStatusCode.Forbidden, listed.StatusCode);
    }

    [Theory]
    [InlineData("viewer", HttpStatusCode.Forbidden)]
    [InlineData("manager", HttpStatusCode.Forbidden)]
    [InlineData("admin", HttpStatusCode.OK)]
    public async Task A_whole_server_needs_every_station_on_it(string role, HttpStatusCode expected)
    {
        // An admin's request gets past the access check to the report's own answer.
        using var client = ClientFor(role);
        using var response = await client.GetAsync($"/api/asteroid/stats/daily?server=main&{Range}");
        if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonNode>();
            Assert.Equal(403, (int?)problem!["status"]);
        }
        else
        {
            Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_key_created_with_a_name_only_reads_nothing_until_granted()
    {
        using var client = fixture.Key(fixture.NameOnlyKey);
        using var daily = await client.GetAsync($"/api/asteroid/stats/daily?station=jazz&{Range}");
        var stations = await client.GetFromJsonAsync<JsonArray>("/api/asteroid/admin/stations");
        var current = await client.GetFromJsonAsync<JsonNode>("/api/asteroid/stats/current");
        using var admin = fixture.App.CreateApiClient();
        var listed = (await admin.GetFromJsonAsync<JsonArray>("/api/asteroid/admin/api-keys"))!.First(k => (string?)k!["name"] == "old client")!;

        Assert.Equal(HttpStatusCode.Forbidden, daily.StatusCode);
        Assert.Empty(stations!);
        Assert.Empty(current!["mounts"]!.AsArray());
        Assert.Equal("viewer", (string?)listed["role"]);
        Assert.Empty(listed["stations"]!.AsArray());
    }

    [Fact]
    public async Task A_key_from_before_roles_is_an_admin_key()
    {
        using var client = fixture.Key(fixture.OldKey);
        using var servers = await client.GetAsync("/api/asteroid/admin/servers");
        using var live = await client.GetAsync($"/api/asteroid/stats/daily?station=live&{Range}");
        using var admin = fixture.App.CreateApiClient();
        var listed = (await admin.GetFromJsonAsync<JsonArray>("/api/asteroid/admin/api-keys"))!.First(k => (string?)k!["name"] == "from before roles")!;

        Assert.Equal(HttpStatusCode.OK, servers.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("admin", (string?)listed["role"]);
        Assert.Null(listed["hash"]);
        Assert.Null(listed["key"]);
    }

    [Fact]
    public async Task Listings_show_only_what_the_caller_may_see()
    {
        using var viewer = fixture.Key(fixture.ViewerKey);
        using var admin = fixture.App.CreateApiClient();
        await PollAsync(async () => (await admin.GetFromJsonAsync<JsonNode>("/api/asteroid/stats/current"))!["mounts"]!.AsArray().Count == 2);

        var mine = (await viewer.GetFromJsonAsync<JsonNode>("/api/asteroid/stats/current"))!;
        var stations = (await viewer.GetFromJsonAsync<JsonArray>("/api/asteroid/admin/stations"))!;
        using var other = await viewer.GetAsync("/api/asteroid/admin/stations/live");
        using var own = await viewer.GetAsync("/api/asteroid/admin/stations/jazz");

        Assert.Equal(["/jazz.ogg"], mine["mounts"]!.AsArray().Select(m => (string?)m!["mount"]));
        Assert.Equal((int)mine["mounts"]![0]!["listeners"]!, (int)mine["listeners"]!);
        Assert.Equal(["jazz"], stations.Select(s => (string?)s!["id"]));
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(2, (await admin.GetFromJsonAsync<JsonArray>("/api/asteroid/admin/stations"))!.Count);
    }

    [Fact]
    public async Task Live_listings_narrow_to_a_named_scope_and_refuse_one_out_of_grant()
    {
        using var viewer = fixture.Key(fixture.ViewerKey);
        using var admin = fixture.App.CreateApiClient();
        await PollAsync(async () => (await admin.GetFromJsonAsync<JsonNode>("/api/asteroid/stats/current"))!["mounts"]!.AsArray().Count == 2);

        var current = (await admin.GetFromJsonAsync<JsonNode>("/api/asteroid/stats/current?station=jazz"))!;
        var playing = (await admin.GetFromJsonAsync<JsonNode>("/api/asteroid/stats/now-playing?station=jazz"))!;
        var server = (await admin.GetFromJsonAsync<JsonNode>("/api/asteroid/stats/current?server=main"))!;
        using var outOfGrant = await viewer.GetAsync("/api/asteroid/stats/now-playing?station=live");
        using var twoScopes = await admin.GetAsync("/api/asteroid/stats/current?station=jazz&group=north");

        Assert.Equal(["/jazz.ogg"], current["mounts"]!.AsArray().Select(m => (string?)m!["mount"]));
        Assert.Equal((int)current["mounts"]![0]!["listeners"]!, (int)current["listeners"]!);
        Assert.Equal(["/jazz.ogg"], playing["mounts"]!.AsArray().Select(m => (string?)m!["mount"]));
        Assert.Equal(2, server["mounts"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.Forbidden, outOfGrant.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, twoScopes.StatusCode);
        Assert.Equal("application/problem+json", twoScopes.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Managers_change_their_own_station_but_take_no_mount_and_viewers_change_nothing()
    {
        using var manager = fixture.Key(fixture.ManagerKey);
        using var viewer = fixture.Key(fixture.ViewerKey);
        var own = new { name = "Jazz FM", timeZone = "Europe/Berlin", mounts = new[] { new { server = "main", mount = "/jazz.ogg" } } };
        var grab = new { name = "Jazz FM", mounts = new[] { new { server = "main", mount = "/jazz.ogg" }, new { server = "main", mount = "/other.mp3" } } };

        using var renamed = await manager.PutAsJsonAsync("/api/asteroid/admin/stations/jazz", own);
        using var grabbed = await manager.PutAsJsonAsync("/api/asteroid/admin/stations/jazz", grab);
        using var foreign = await manager.PutAsJsonAsync("/api/asteroid/admin/stations/live", new { name = "Mine now" });
        using var created = await manager.PutAsJsonAsync("/api/asteroid/admin/stations/newone", new { name = "New" });
        using var deleted = await manager.DeleteAsync("/api/asteroid/admin/stations/jazz");
        using var byViewer = await viewer.PutAsJsonAsync("/api/asteroid/admin/stations/jazz", own);

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, grabbed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, created.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byViewer.StatusCode);
        using var admin = fixture.App.CreateApiClient();
        var jazz = (await admin.GetFromJsonAsync<JsonNode>("/api/asteroid/admin/stations/jazz"))!;
        Assert.Equal("Europe/Berlin", (string?)jazz["timeZone"]);
        Assert.Single(jazz["mounts"]!.AsArray());
        var audit = (await admin.GetFromJsonAsync<JsonNode>("/api/asteroid/admin/audit?limit=1000"))!["entries"]!.AsArray();
        Assert.Contains(audit, e => (string?)e!["action"] == "station.update" && (string?)e["actor"] == "jazz manager" && (string?)e["actorKind"] == "key"
            && (string?)e["after"]!["timeZone"] == "Europe/Berlin");
    }

    [Fact]
    public async Task The_hub_refuses_a_mount_out_of_scope_and_a_scoped_join_all_gets_only_its_stations()
    {
        await using var viewer = Hub(fixture.ViewerKey);
        await using var admin = Hub(Infrastructure.AsteroidApp.ApiKey);
        var seenByViewer = new List<MountCountChange>();
        var seenByAdmin = new List<MountCountChange>();
        viewer.On<MountCountChange>(StatsHub.MountChanged, c => { lock (seenByViewer) { seenByViewer.Add(c); } });
        admin.On<MountCountChange>(StatsHub.MountChanged, c => { lock (seenByAdmin) { seenByAdmin.Add(c); } });
        await viewer.StartAsync();
        await admin.StartAsync();

        var refused = await Assert.ThrowsAsync<HubException>(() => viewer.InvokeAsync("JoinMount", "main", "/live.mp3"));
        await viewer.InvokeAsync("JoinMount", "main", "/jazz.ogg");
        await viewer.InvokeAsync("JoinAll");
        await admin.InvokeAsync("JoinAll");
        var at = DateTimeOffset.UtcNow.AddHours(1); // newer than anything polled
        await fixture.App.Service<HubLiveStatsObserver>().OnMountChanges(
            [new MountCountChange("main", "/live.mp3", 991, MountStatus.Ok, null, at), new MountCountChange("main", "/jazz.ogg", 992, MountStatus.Ok, null, at)]);

        await PollAsync(() => Task.FromResult(Has(seenByAdmin, "/live.mp3", 991) && Has(seenByAdmin, "/jazz.ogg", 992) && Has(seenByViewer, "/jazz.ogg", 992)));
        Assert.Contains("not in a station granted", refused.Message, StringComparison.Ordinal);
        lock (seenByViewer)
        {
            Assert.DoesNotContain(seenByViewer, c => c.Mount == "/live.mp3");
        }
    }

    private static bool Has(List<MountCountChange> seen, string mount, int listeners)
    {
        lock (seen)
        {
            return seen.Any(c => c.Mount == mount && c.Listeners == listeners);
        }
    }

    private HubConnection Hub(string key) => new HubConnectionBuilder()
        .WithUrl(new Uri(fixture.App.Server.BaseAddress, "/hubs/stats"), o =>
        {
            o.Headers.Add("X-Api-Key", key);
            o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.LongPolling;
            o.HttpMessageHandlerFactory = _ => fixture.App.Server.CreateHandler();
        })
        .Build();

    private HttpClient ClientFor(string role) => role switch
    {
        "viewer" => fixture.Key(fixture.ViewerKey),
        "manager" => fixture.Key(fixture.ManagerKey),
        _ => fixture.App.CreateApiClient(),
    };

    private static async Task PollAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within 30 s");
            await Task.Delay(100);
        }
    }
}
