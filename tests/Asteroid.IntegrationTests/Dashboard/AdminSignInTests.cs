using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Asteroid.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Asteroid.IntegrationTests.Dashboard;

public sealed class AdminSignInTests(AdminSignInTests.Fixture fixture) : IClassFixture<AdminSignInTests.Fixture>
{
    [Fact]
    public async Task An_admin_signs_in_uses_the_api_with_the_cookie_and_signs_out()
    {
        using var client = NewClient();
        var token = await TokenAsync(client);

        using var login = await PostJsonAsync(client, "/api/asteroid/auth/login", new { user = AsteroidApp.AdminUser, password = AsteroidApp.AdminPassword }, token);
        var me = await client.GetFromJsonAsync<JsonNode>("/api/asteroid/auth/me");
        using var current = await client.GetAsync("/api/asteroid/stats/current");
        using var logout = await PostJsonAsync(client, "/api/asteroid/auth/logout", new { }, await TokenAsync(client));
        using var after = await client.GetAsync("/api/asteroid/stats/current");

        Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
        Assert.Equal(("admin", "Cookies"), ((string?)me!["user"], (string?)me["via"]));
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Null((await client.GetFromJsonAsync<JsonNode>("/api/asteroid/auth/me"))!["user"]);
    }

    [Fact]
    public async Task A_signed_in_change_without_the_anti_forgery_token_is_refused()
    {
        using var client = await SignedInAsync();

        using var without = await client.PostAsJsonAsync("/api/asteroid/admin/api-keys", new { name = "no token" });
        using var with = await PostJsonAsync(client, "/api/asteroid/admin/api-keys", new { name = "with token" }, await TokenAsync(client));

        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
        Assert.Equal(HttpStatusCode.OK, with.StatusCode);
    }

    [Fact]
    public async Task A_created_api_key_is_shown_once_works_and_stops_working_when_revoked()
    {
        using var admin = await SignedInAsync();
        using var created = await PostJsonAsync(admin, "/api/asteroid/admin/api-keys", new { name = "reporting service" }, await TokenAsync(admin));
        var body = (await created.Content.ReadFromJsonAsync<JsonNode>())!;
        var key = (string)body["key"]!;
        using var service = fixture.App.CreateClient();
        service.DefaultRequestHeaders.Add("X-Api-Key", key);

        Assert.Equal(HttpStatusCode.OK, (await service.GetAsync("/api/asteroid/stats/current")).StatusCode);
        var listed = await admin.GetStringAsync("/api/asteroid/admin/api-keys");
        Assert.Contains("reporting service", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(key, listed, StringComparison.Ordinal);
        using var revoke = new HttpRequestMessage(HttpMethod.Delete, $"/api/asteroid/admin/api-keys/{body["id"]}");
        revoke.Headers.Add("X-CSRF-TOKEN", await TokenAsync(admin));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(revoke)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.GetAsync("/api/asteroid/stats/current")).StatusCode);
    }

    [Fact]
    public async Task A_sign_in_without_the_anti_forgery_token_is_refused()
    {
        using var client = NewClient();

        using var response = await client.PostAsJsonAsync("/api/asteroid/auth/login", new { user = AsteroidApp.AdminUser, password = AsteroidApp.AdminPassword });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    internal HttpClient NewClient() => fixture.App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });

    private async Task<HttpClient> SignedInAsync()
    {
        var client = NewClient();
        using var login = await PostJsonAsync(client, "/api/asteroid/auth/login", new { user = AsteroidApp.AdminUser, password = AsteroidApp.AdminPassword }, await TokenAsync(client));
        login.EnsureSuccessStatusCode();
        return client;
    }

    internal static async Task<string> TokenAsync(HttpClient client) =>
        (string)(await client.GetFromJsonAsync<JsonNode>("/api/asteroid/auth/antiforgery"))!["token"]!;

    internal static Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string path, object body, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-CSRF-TOKEN", token);
        return client.SendAsync(request);
    }

    public sealed class Fixture : IAsyncLifetime
    {
        private readonly TestDatabase _database = TestDatabase.Create();

        public AsteroidApp App { get; private set; } = null!;

        public Task InitializeAsync()
        {
            App = new AsteroidApp(_database);
            _ = App.Server;
            return Task.CompletedTask;
        }

        public async Task DisposeAsync()
        {
            await App.DisposeAsync();
            await _database.DisposeAsync();
        }
    }
}
