using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Asteroid.IntegrationTests.Infrastructure;

namespace Asteroid.IntegrationTests.Foundation;

/// <summary>Paths, JSON fields, authentication and ProblemDetails of the foundation API.</summary>
public sealed class ApiContractTests(ApiContractTests.Fixture fixture) : IClassFixture<ApiContractTests.Fixture>
{
    [Theory]
    [InlineData("/api/asteroid/stats/current")]
    [InlineData("/api/asteroid/admin/servers")]
    public async Task Without_an_api_key_the_api_answers_401_problem_details(string path)
    {
        using var client = fixture.App.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(401, (int?)(await response.Content.ReadFromJsonAsync<JsonNode>())!["status"]);
    }

    [Fact]
    public async Task A_wrong_api_key_is_refused()
    {
        using var client = fixture.App.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "wrong-key-wrong-key-wrong");

        using var response = await client.GetAsync("/api/asteroid/stats/current");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_server_is_created_read_updated_and_deleted_without_ever_returning_its_password()
    {
        using var client = fixture.App.CreateApiClient();
        const string password = "very-secret-admin-password";

        using var created = await client.PutAsJsonAsync("/api/asteroid/admin/servers/crud", new
        {
            baseUrl = "http://127.0.0.1:9", adminUser = "admin", adminPassword = password, pollIntervalSeconds = 30, enabled = false,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadAsStringAsync();
        Assert.DoesNotContain(password, body, StringComparison.Ordinal);
        var view = JsonNode.Parse(body)!;
        Assert.Equal(("crud", "http://127.0.0.1:9", true, 30, false),
            ((string?)view["id"], (string?)view["baseUrl"], (bool?)view["hasPassword"], (int?)view["pollIntervalSeconds"], (bool?)view["enabled"]));

        // An update without adminPassword keeps the stored one.
        using var updated = await client.PutAsJsonAsync("/api/asteroid/admin/servers/crud", new { baseUrl = "http://127.0.0.1:10", enabled = false });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.True((bool?)(await updated.Content.ReadFromJsonAsync<JsonNode>())!["hasPassword"]);

        var list = await client.GetStringAsync("/api/asteroid/admin/servers");
        Assert.Contains("\"crud\"", list, StringComparison.Ordinal);
        Assert.DoesNotContain(password, list, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/api/asteroid/admin/servers/crud")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/asteroid/admin/servers/crud")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/api/asteroid/admin/servers/crud")).StatusCode);
    }

    [Fact]
    public async Task Invalid_server_settings_give_a_validation_problem_naming_each_field()
    {
        using var client = fixture.App.CreateApiClient();

        using var response = await client.PutAsJsonAsync("/api/asteroid/admin/servers/Bad%20Id", new
        {
            baseUrl = "ftp://example", pollIntervalSeconds = 0,
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonNode>())!["errors"]!.AsObject();
        Assert.Equal(["adminPassword", "baseUrl", "id", "pollIntervalSeconds"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_body_that_is_not_json_gives_400()
    {
        using var client = fixture.App.CreateApiClient();

        using var response = await client.PutAsync("/api/asteroid/admin/servers/x", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Current_has_the_documented_fields_even_with_no_servers()
    {
        var current = await fixture.App.GetJsonAsync("/api/asteroid/stats/current");

        Assert.NotNull(current["at"]);
        Assert.Equal(0, (int?)current["listeners"]);
        Assert.NotNull(current["mounts"]!.AsArray());
    }

    [Fact]
    public async Task About_names_the_geoip_database_and_needs_no_attribution_for_maxmind_test_data()
    {
        var about = await fixture.App.GetJsonAsync("/api/asteroid/about");

        Assert.False(string.IsNullOrEmpty((string?)about["version"]));
        Assert.True((bool)about["geoIp"]!["enabled"]!);
        Assert.Equal("GeoIP2-City", (string?)about["geoIp"]!["databaseTypes"]![0]);
        Assert.Null(about["geoIp"]!["attribution"]);
    }

    [Fact]
    public async Task The_first_page_is_served_with_its_local_signalr_client()
    {
        using var client = fixture.App.CreateClient();

        var page = await client.GetStringAsync("/");
        using var script = await client.GetAsync("/lib/signalr.min.js");

        Assert.Contains("lib/signalr.min.js", page, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    public sealed class Fixture : IAsyncLifetime
    {
        private readonly TestDatabase _database = TestDatabase.Create();

        public AsteroidApp App { get; private set; } = null!;

        public Task InitializeAsync()
        {
            App = new AsteroidApp(_database);
            _ = App.Server; // start the host
            return Task.CompletedTask;
        }

        public async Task DisposeAsync()
        {
            await App.DisposeAsync();
            await _database.DisposeAsync();
        }
    }
}
