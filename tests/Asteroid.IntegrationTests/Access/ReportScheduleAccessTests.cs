using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Asteroid.IntegrationTests.Access;

/// <summary>Report schedules: access as for alert rules — a manager schedules reports of their stations
/// only and sees nothing else; a viewer nothing; secrets never come back.</summary>
public sealed class ReportScheduleAccessTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    private static object Schedule(object? scope, string webhook = "https://hooks.example.net/reports") => new
    {
        name = "weekly",
        period = "weekly",
        scope,
        deliveries = new[] { new { webhook, secret = "never-shown-report-secret" } },
    };

    [Fact]
    public async Task Managers_schedule_reports_of_their_stations_only_and_viewers_none()
    {
        using var manager = fixture.Key(fixture.ManagerKey);
        using var viewer = fixture.Key(fixture.ViewerKey);
        using var admin = fixture.App.CreateApiClient();

        using (var own = await manager.PutAsJsonAsync("/api/asteroid/admin/report-schedules/jazz-weekly", Schedule(new { station = "jazz" })))
        {
            Assert.Equal(HttpStatusCode.Created, own.StatusCode);
            Assert.DoesNotContain("never-shown-report-secret", await own.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var probe = await manager.PutAsJsonAsync("/api/asteroid/admin/report-schedules/jazz-probe", Schedule(new { station = "jazz" }, "http://127.0.0.1:9/x")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, probe.StatusCode);
        }

        foreach (var (id, scope) in new (string, object?)[] { ("m-live", new { station = "live" }), ("m-net", null), ("m-group", new { group = "all" }) })
        {
            using var other = await manager.PutAsJsonAsync($"/api/asteroid/admin/report-schedules/{id}", Schedule(scope));
            Assert.True(other.StatusCode == HttpStatusCode.Forbidden, $"{id}: {(int)other.StatusCode}");
        }

        using (var network = await admin.PutAsJsonAsync("/api/asteroid/admin/report-schedules/network-weekly", Schedule(null)))
        {
            Assert.Equal(HttpStatusCode.Created, network.StatusCode);
        }

        var listed = (await manager.GetFromJsonAsync<JsonNode>("/api/asteroid/admin/report-schedules"))!.AsArray().Select(r => (string?)r!["id"]).ToList();
        Assert.Equal(["jazz-weekly"], listed);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync("/api/asteroid/admin/report-schedules/network-weekly")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.PostAsync("/api/asteroid/admin/report-schedules/network-weekly/send", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync("/api/asteroid/admin/report-schedules/network-weekly/runs")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.DeleteAsync("/api/asteroid/admin/report-schedules/network-weekly")).StatusCode);

        foreach (var (method, path) in new[] { ("GET", "/api/asteroid/admin/report-schedules"), ("GET", "/api/asteroid/admin/report-schedules/jazz-weekly"),
                     ("POST", "/api/asteroid/admin/report-schedules/jazz-weekly/send"), ("GET", "/api/asteroid/admin/report-schedules/jazz-weekly/runs"),
                     ("DELETE", "/api/asteroid/admin/report-schedules/jazz-weekly") })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            using var response = await viewer.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"viewer {method} {path}: {(int)response.StatusCode}");
        }

        var answer = await admin.GetStringAsync("/api/asteroid/admin/report-schedules/jazz-weekly");
        Assert.Contains("\"hasSecret\":true", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("never-shown-report-secret", answer, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await manager.DeleteAsync("/api/asteroid/admin/report-schedules/jazz-weekly")).StatusCode);
    }
}
