using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Asteroid.IntegrationTests.Infrastructure;

namespace Asteroid.IntegrationTests.Reports;

/// <summary>The report endpoints' published contract (response schemas in /openapi/v1.json) and
/// their answers to hostile input: calendar-edge dates, control characters in a mount, and mount
/// ids that try to break out of the export's file name.</summary>
public sealed class ReportContractTests(ReportContractTests.Fixture fixture) : IClassFixture<ReportContractTests.Fixture>
{
    [Theory]
    [InlineData("/api/asteroid/stats/daily", "station,timeZone,from,to,days,total")]
    [InlineData("/api/asteroid/stats/hourly", "station,timeZone,from,to,hours,hourOfDay,dayOfWeek")]
    [InlineData("/api/asteroid/stats/geo", "station,timeZone,from,to,countries,uniqueListenersExact")]
    [InlineData("/api/asteroid/stats/summary", "station,timeZone,from,to,sessions,uniqueListeners,aqh,sessionLengths,breakdowns")]
    [InlineData("/api/asteroid/stats/current", "at,listeners,mounts,unavailableServers")]
    [InlineData("/api/asteroid/stats/sources", "station,timeZone,from,to,referrers,referrersTruncated,playerKinds,traffic,rawSessionsRetainedSince,partial")]
    public async Task The_openapi_document_has_a_response_schema_naming_the_fields(string path, string fields)
    {
        using var client = fixture.App.CreateClient();
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;

        var schema = document["paths"]?[path]?["get"]?["responses"]?["200"]?["content"]?["application/json"]?["schema"];
        Assert.NotNull(schema);
        var properties = Resolve(document, schema)["properties"]?.AsObject();
        Assert.NotNull(properties);
        foreach (var field in fields.Split(','))
        {
            Assert.True(properties.ContainsKey(field), $"{path}: no '{field}' in {properties.ToJsonString()}");
        }
    }

    [Fact]
    public async Task The_daily_row_schema_names_the_date_and_the_metrics()
    {
        using var client = fixture.App.CreateClient();
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;

        var daily = Resolve(document, document["paths"]!["/api/asteroid/stats/daily"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!);
        var row = Resolve(document, daily["properties"]!["days"]!["items"]!);
        foreach (var field in "date,sessions,uniqueListeners,listenMinutes,aas,aqh,peakAt,bounceRate".Split(','))
        {
            Assert.True(row["properties"]!.AsObject().ContainsKey(field), field);
        }
    }

    [Theory]
    [InlineData("/api/asteroid/stats/daily?station=berlin&from=9999-12-31&to=9999-12-31")]
    [InlineData("/api/asteroid/stats/daily?station=berlin&from=0001-01-01&to=0001-01-02")]
    [InlineData("/api/asteroid/stats/hourly?station=berlin&date=9999-12-31")]
    [InlineData("/api/asteroid/stats/geo?station=berlin&from=0001-01-01&to=0001-01-01")]
    [InlineData("/api/asteroid/stats/summary?server=main&mount=/b.mp3&from=9999-12-30&to=9999-12-31")]
    [InlineData("/api/asteroid/stats/export?dataset=sessions&station=berlin&from=0001-01-01&to=0001-01-01")]
    [InlineData("/api/asteroid/stats/daily?server=main&mount=/a%00b&from=2026-11-01&to=2026-11-01")]
    [InlineData("/api/asteroid/stats/export?dataset=daily&server=main&mount=/a%0D%0AX-Evil:%201&from=2026-11-01&to=2026-11-01")]
    [InlineData("/api/asteroid/stats/snapshots?server=main&mount=/a%01")]
    [InlineData("/api/asteroid/stats/listeners?server=main&mount=/a%00")]
    public async Task Calendar_edges_and_control_characters_are_400_problem_details(string path)
    {
        using var client = fixture.App.CreateApiClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_mount_id_cannot_inject_a_second_file_name()
    {
        using var client = fixture.App.CreateApiClient();

        using var response = await client.GetAsync("/api/asteroid/stats/export?dataset=daily&server=main&mount="
            + Uri.EscapeDataString("/a\"; filename*=UTF-8''evil.exe; x=\"") + "&from=2026-11-01&to=2026-11-01");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var header = string.Join(",", response.Content.Headers.GetValues("Content-Disposition"));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(header, "filename="));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(header, @"filename\*="));
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.StartsWith("asteroid-main_a", disposition.FileNameStar, StringComparison.Ordinal);
        Assert.EndsWith("-daily-2026-11-01-2026-11-01.csv", disposition.FileNameStar, StringComparison.Ordinal);
        Assert.DoesNotContain("\"", disposition.FileNameStar, StringComparison.Ordinal);
        Assert.Equal(disposition.FileNameStar, disposition.FileName!.Trim('"'));
    }

    [Fact]
    public async Task A_non_ascii_mount_gives_an_ascii_file_name_and_the_exact_one_in_filename_star()
    {
        using var client = fixture.App.CreateApiClient();

        using var response = await client.GetAsync("/api/asteroid/stats/export?dataset=daily&server=main&mount=" + Uri.EscapeDataString("/café.mp3")
            + "&from=2026-11-01&to=2026-11-01");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("asteroid-main_café.mp3-daily-2026-11-01-2026-11-01.csv", disposition.FileNameStar);
        Assert.All(disposition.FileName!.Trim('"'), c => Assert.True(c is > ' ' and < (char)127, $"'{c}' in {disposition.FileName}"));
    }

    public sealed class Fixture : IAsyncLifetime
    {
        private readonly TestDatabase _database = TestDatabase.Create();

        public AsteroidApp App { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            App = new AsteroidApp(_database);
            using var client = App.CreateApiClient();
            (await client.PutAsJsonAsync("/api/asteroid/admin/servers/main", new { baseUrl = "http://127.0.0.1:9", adminPassword = "unused", enabled = false })).EnsureSuccessStatusCode();
            (await client.PutAsJsonAsync("/api/asteroid/admin/stations/berlin", new
            {
                name = "Berlin", timeZone = "Europe/Berlin", mounts = new[] { new { server = "main", mount = "/b.mp3" } },
            })).EnsureSuccessStatusCode();
        }

        public async Task DisposeAsync()
        {
            await App.DisposeAsync();
            await _database.DisposeAsync();
        }
    }

    private static JsonNode Resolve(JsonNode document, JsonNode schema)
    {
        while (schema["$ref"] is { } reference)
        {
            schema = document["components"]!["schemas"]![((string)reference!).Split('/')[^1]]!;
        }

        return schema;
    }
}
