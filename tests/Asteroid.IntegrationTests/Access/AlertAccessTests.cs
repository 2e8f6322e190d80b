using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Asteroid.IntegrationTests.Access;

/// <summary>Alert rules: admins manage every rule; a manager those of their stations (and mounts of
/// them) only, and sees nothing else; a viewer none. Secrets never come back, and changes are audited
/// without them.</summary>
public sealed class AlertAccessTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    private static object Rule(object? scope) => new
    {
        kind = "threshold",
        threshold = 100000,
        scope,
        deliveries = new[] { new { webhook = "https://hooks.example.net/asteroid", secret = "never-shown-secret", preset = "discord" } },
    };

    [Fact]
    public async Task Managers_manage_rules_of_their_stations_only_and_viewers_none()
    {
        using var manager = fixture.Key(fixture.ManagerKey);
        using var viewer = fixture.Key(fixture.ViewerKey);
        using var admin = fixture.App.CreateApiClient();

        using (var own = await manager.PutAsJsonAsync("/api/asteroid/admin/alerts/jazz-high", Rule(new { station = "jazz" })))
        {
            Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        }

        // A manager may not aim a webhook at this machine or the private network (an admin may).
        using (var loopback = await manager.PutAsJsonAsync("/api/asteroid/admin/alerts/jazz-probe", new
        {
            kind = "threshold", threshold = 100000, scope = new { station = "jazz" }, deliveries = new[] { new { webhook = "http://169.254.169.254/latest/meta-data" } },
        }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, loopback.StatusCode);
            Assert.Contains("only admins", await loopback.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var ownMount = await manager.PutAsJsonAsync("/api/asteroid/admin/alerts/jazz-mount", Rule(new { server = "main", mount = "/jazz.ogg" })))
        {
            Assert.Equal(HttpStatusCode.Created, ownMount.StatusCode);
        }

        foreach (var (id, scope) in new (string, object?)[] { ("m-live", new { station = "live" }), ("m-net", null), ("m-server", new { server = "main" }), ("m-live-mount", new { server = "main", mount = "/live.mp3" }) })
        {
            using var other = await manager.PutAsJsonAsync($"/api/asteroid/admin/alerts/{id}", Rule(scope));
            Assert.True(other.StatusCode == HttpStatusCode.Forbidden, $"{id}: {(int)other.StatusCode}");
            Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        }

        using (var network = await admin.PutAsJsonAsync("/api/asteroid/admin/alerts/network-high", Rule(null)))
        {
            Assert.Equal(HttpStatusCode.Created, network.StatusCode);
        }

        // The manager lists and reads their rules only; the network rule is a 404 to them, also to change or delete.
        var listed = (await manager.GetFromJsonAsync<JsonNode>("/api/asteroid/admin/alerts"))!.AsArray().Select(r => (string?)r!["id"]).ToList();
        Assert.Equal(["jazz-high", "jazz-mount"], listed);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync("/api/asteroid/admin/alerts/network-high")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.DeleteAsync("/api/asteroid/admin/alerts/network-high")).StatusCode);
        using (var takeOver = await manager.PutAsJsonAsync("/api/asteroid/admin/alerts/network-high", Rule(new { station = "jazz" })))
        {
            Assert.Equal(HttpStatusCode.NotFound, takeOver.StatusCode); // not taken over, and not told that it exists
        }
        Assert.Contains("network-high", (await admin.GetFromJsonAsync<JsonNode>("/api/asteroid/admin/alerts/network-high"))!["id"]!.ToString(), StringComparison.Ordinal);

        var adminList = (await admin.GetFromJsonAsync<JsonNode>("/api/asteroid/admin/alerts"))!.AsArray().Select(r => (string?)r!["id"]).ToList();
        Assert.Contains("network-high", adminList);
        Assert.Contains("jazz-high", adminList);

        foreach (var (method, path) in new[] { ("GET", "/api/asteroid/admin/alerts"), ("GET", "/api/asteroid/admin/alerts/jazz-high"), ("PUT", "/api/asteroid/admin/alerts/v"),
                     ("DELETE", "/api/asteroid/admin/alerts/jazz-high"), ("POST", "/api/asteroid/admin/alerts/jazz-high/test"), ("GET", "/api/asteroid/admin/alert-history"),
                     ("GET", "/api/asteroid/admin/alerts/jazz-high/history"), ("GET", "/api/asteroid/admin/alerts/jazz-high/deliveries") })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "PUT" ? JsonContent.Create(Rule(new { station = "jazz" })) : null };
            using var response = await viewer.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"viewer {method} {path}: {(int)response.StatusCode}");
        }

        // Secrets are write-only: not in answers, not in the audit log; a PUT without the secret keeps it.
        var answer = (await admin.GetStringAsync("/api/asteroid/admin/alerts/jazz-high"));
        Assert.DoesNotContain("never-shown-secret", answer, StringComparison.Ordinal);
        Assert.Contains("\"hasSecret\":true", answer, StringComparison.Ordinal);
        using (var keep = await admin.PutAsJsonAsync("/api/asteroid/admin/alerts/jazz-high", new
        {
            kind = "threshold", threshold = 5, scope = new { station = "jazz" }, deliveries = new[] { new { webhook = "https://hooks.example.net/asteroid", preset = "discord" } },
        }))
        {
            Assert.Equal(HttpStatusCode.OK, keep.StatusCode);
            Assert.Equal(true, (bool?)(await keep.Content.ReadFromJsonAsync<JsonNode>())!["deliveries"]![0]!["hasSecret"]);
        }

        var audit = await admin.GetStringAsync("/api/asteroid/admin/audit?limit=50");
        Assert.Contains("alert.create", audit, StringComparison.Ordinal);
        Assert.Contains("alert.update", audit, StringComparison.Ordinal);
        Assert.DoesNotContain("never-shown-secret", audit, StringComparison.Ordinal);

        using (var delete = await manager.DeleteAsync("/api/asteroid/admin/alerts/jazz-mount"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }
    }
}
