using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Asteroid.Access;
using Asteroid.IntegrationTests.Dashboard;
using Asteroid.IntegrationTests.Infrastructure;
using Asteroid.Web.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Asteroid.IntegrationTests.Access;

/// <summary>Managed users (password write-only, rehash at sign-in, roles through the cookie) and
/// the audit log (before/after of admin changes, never a secret).</summary>
public sealed class UsersAndAuditTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    private const string Range = "from=2026-11-01&to=2026-11-07";
    private static readonly string[] JazzOnly = ["jazz"];
    private static readonly string[] LiveOnly = ["live"];
    private static readonly string[] JazzAndLive = ["jazz", "live"];
    private static readonly string[] NotAnId = ["Not An Id"];

    [Fact]
    public async Task A_password_is_never_answered_logged_or_audited()
    {
        const string password = "pw-never-shown-4711";
        using var admin = fixture.App.CreateApiClient();
        using var put = await admin.PutAsJsonAsync("/api/asteroid/admin/users/erin", new { role = "viewer", stations = JazzOnly, password });
        var one = await admin.GetStringAsync("/api/asteroid/admin/users/erin");
        var all = await admin.GetStringAsync("/api/asteroid/admin/users");
        var audit = await admin.GetStringAsync("/api/asteroid/admin/audit?limit=1000");
        var hash = (await Directory().List()).Users.Single(u => u.Name == "erin").PasswordHash!;

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        var body = await put.Content.ReadAsStringAsync();
        foreach (var text in new[] { body, one, all, audit, string.Join('\n', fixture.App.Logs) })
        {
            Assert.DoesNotContain(password, text, StringComparison.Ordinal);
            Assert.DoesNotContain(hash, text, StringComparison.Ordinal);
            Assert.DoesNotContain("passwordHash", text, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal("viewer", (string?)JsonNode.Parse(one)!["role"]);
        Assert.Contains("user.create", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_managed_user_signs_in_with_their_role_and_loses_access_when_deleted()
    {
        using var admin = fixture.App.CreateApiClient();
        (await admin.PutAsJsonAsync("/api/asteroid/admin/users/mia", new { role = "manager", stations = JazzOnly, password = "mia-password-1" })).EnsureSuccessStatusCode();
        using var client = fixture.Cookies();
        using var login = await AdminSignInTests.PostJsonAsync(client, "/api/asteroid/auth/login", new { user = "mia", password = "mia-password-1" }, await AdminSignInTests.TokenAsync(client));
        var me = (await client.GetFromJsonAsync<JsonNode>("/api/asteroid/auth/me"))!;
        using var own = await client.GetAsync($"/api/asteroid/stats/daily?station=jazz&{Range}");
        using var other = await client.GetAsync($"/api/asteroid/stats/daily?station=live&{Range}");
        using var servers = await client.GetAsync("/api/asteroid/admin/servers");
        using var network = await client.GetAsync($"/api/asteroid/stats/daily?{Range}");

        Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
        Assert.Equal(("mia", "manager"), ((string?)me["user"], (string?)me["role"]));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, servers.StatusCode);
        Assert.Equal("application/problem+json", servers.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, network.StatusCode);

        // A change of grants applies to the signed-in session (the user cache is refreshed by the change on this node).
        (await admin.PutAsJsonAsync("/api/asteroid/admin/users/mia", new { stations = LiveOnly })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/asteroid/stats/daily?station=live&{Range}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/asteroid/stats/daily?station=jazz&{Range}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/asteroid/admin/users/mia")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/api/asteroid/stats/daily?station=live&{Range}")).StatusCode);
    }

    [Fact]
    public async Task A_hash_in_an_older_format_signs_in_and_is_replaced_by_the_current_format()
    {
        var v2 = new PasswordHasher<object>(Options.Create(new PasswordHasherOptions { CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV2 }))
            .HashPassword(new object(), "old-format-password");
        await Directory().Put(new UserAccount("olde", "viewer", ["jazz"], [], v2, DateTimeOffset.UtcNow));
        fixture.App.Service<UserCache>().Invalidate();

        using var client = fixture.Cookies();
        using var login = await AdminSignInTests.PostJsonAsync(client, "/api/asteroid/auth/login", new { user = "olde", password = "old-format-password" }, await AdminSignInTests.TokenAsync(client));
        var stored = (await Directory().List()).Users.Single(u => u.Name == "olde").PasswordHash!;

        Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
        Assert.NotEqual(v2, stored);
        Assert.Equal(PasswordVerificationResult.Success, new UserPasswords().Verify(stored, "old-format-password"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/asteroid/stats/daily?station=jazz&{Range}")).StatusCode);
    }

    [Fact]
    public async Task The_configured_admin_still_signs_in_and_a_wrong_password_of_a_user_is_refused()
    {
        using var admin = fixture.App.CreateApiClient();
        (await admin.PutAsJsonAsync("/api/asteroid/admin/users/noah", new { role = "viewer", password = "noah-password" })).EnsureSuccessStatusCode();
        using var client = fixture.Cookies();
        var token = await AdminSignInTests.TokenAsync(client);

        using var wrong = await AdminSignInTests.PostJsonAsync(client, "/api/asteroid/auth/login", new { user = "noah", password = "not-noahs" }, token);
        using var configured = await AdminSignInTests.PostJsonAsync(client, "/api/asteroid/auth/login", new { user = AsteroidApp.AdminUser, password = AsteroidApp.AdminPassword }, token);
        using var servers = await client.GetAsync("/api/asteroid/admin/servers");
        using var clash = await admin.PutAsJsonAsync("/api/asteroid/admin/users/ADMIN", new { role = "viewer", password = "whatever-1" });

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, configured.StatusCode);
        Assert.Equal(HttpStatusCode.OK, servers.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, clash.StatusCode);
    }

    [Fact]
    public async Task Bad_user_bodies_are_400()
    {
        using var admin = fixture.App.CreateApiClient();
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync("/api/asteroid/admin/users/nopass", new { role = "viewer" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync("/api/asteroid/admin/users/x", new { role = "root", password = "long-enough" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync("/api/asteroid/admin/users/x", new { password = "short" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync("/api/asteroid/admin/users/x", new { password = "long-enough", stations = NotAnId })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync("/api/asteroid/admin/users/" + new string('a', 65), new { password = "long-enough" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/asteroid/admin/users/nobody")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("/api/asteroid/admin/users/nobody")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/asteroid/admin/api-keys", new { name = "k", role = "owner" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/asteroid/admin/audit?limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/asteroid/admin/audit?limit=100000")).StatusCode);
    }

    [Fact]
    public async Task Admin_changes_are_audited_with_before_and_after_and_no_secret_newest_first()
    {
        using var admin = fixture.App.CreateApiClient();
        await using var icecast = await ReplayIcecast.StartAsync();
        await fixture.App.PutServerAsync("audited", icecast.BaseUrl, "first-icecast-secret");
        await fixture.App.PutServerAsync("audited", icecast.BaseUrl, "second-icecast-secret", pollIntervalSeconds: 7);
        using var created = await admin.PostAsJsonAsync("/api/asteroid/admin/api-keys", new { name = "audited key", role = "viewer", stations = JazzOnly });
        var key = (await created.Content.ReadFromJsonAsync<JsonNode>())!;
        using var regrant = await admin.PutAsJsonAsync($"/api/asteroid/admin/api-keys/{key["id"]}", new { role = "manager", stations = JazzAndLive });
        using var rotate = await admin.PostAsync("/api/asteroid/admin/servers/audited/hook/rotate", null);
        var hookToken = (string)(await rotate.Content.ReadFromJsonAsync<JsonNode>())!["token"]!;
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/asteroid/admin/servers/audited")).StatusCode);

        var page = (await admin.GetFromJsonAsync<JsonNode>("/api/asteroid/admin/audit?limit=1000"))!;
        var text = page.ToJsonString();
        var entries = page["entries"]!.AsArray();
        var update = entries.First(e => (string?)e!["action"] == "server.update" && (string?)e["target"] == "audited")!;
        var keyUpdate = entries.First(e => (string?)e!["action"] == "api-key.update")!;

        Assert.Equal(HttpStatusCode.OK, regrant.StatusCode);
        Assert.Equal(["server.delete", "server.hook-token.rotate", "api-key.update", "api-key.create", "server.update", "server.create"],
            entries.Take(6).Select(e => (string?)e!["action"]));
        Assert.True(entries.Select(e => (long)e!["id"]!).SequenceEqual(entries.Select(e => (long)e!["id"]!).OrderDescending()));
        Assert.Equal("api-key", (string?)update["actor"]);
        Assert.Equal(1, (int?)update["before"]!["pollIntervalSeconds"]);
        Assert.Equal(7, (int?)update["after"]!["pollIntervalSeconds"]);
        Assert.True((bool)update["after"]!["passwordChanged"]!);
        Assert.Equal("viewer", (string?)keyUpdate["before"]!["role"]);
        Assert.Equal(["jazz", "live"], keyUpdate["after"]!["stations"]!.AsArray().Select(s => (string?)s));
        foreach (var secret in new[] { "first-icecast-secret", "second-icecast-secret", (string)key["key"]!, hookToken, AsteroidApp.ApiKey })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        // Pages: limit and before walk the same entries.
        var first = (await admin.GetFromJsonAsync<JsonNode>("/api/asteroid/admin/audit?limit=2"))!;
        var second = (await admin.GetFromJsonAsync<JsonNode>($"/api/asteroid/admin/audit?limit=2&before={first["next"]}"))!;
        Assert.Equal(entries.Take(4).Select(e => (long)e!["id"]!),
            first["entries"]!.AsArray().Concat(second["entries"]!.AsArray()).Select(e => (long)e!["id"]!));
    }

    private IUserDirectoryGrain Directory() => fixture.App.Service<IGrainFactory>().GetGrain<IUserDirectoryGrain>(IUserDirectoryGrain.Key);
}
