using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Asteroid.IntegrationTests.Infrastructure;
using Asteroid.Tests.Support;

namespace Asteroid.IntegrationTests.Import;

public sealed class AccessLogImportTests(AccessLogImportTests.Fixture fixture) : IClassFixture<AccessLogImportTests.Fixture>
{
    /// <summary>Public test addresses of ../shared/geoip (as data only) and where they are.</summary>
    public static readonly (string Ip, string? Country)[] PublicListeners =
    [
        ("81.2.69.142", "GB"), ("2.125.160.216", "GB"), ("216.160.83.56", "US"), ("89.160.20.112", "SE"),
        ("175.16.199.0", "CN"), ("2001:480:10::1", "US"), ("2a02:d3c0::1", "GB"), ("8.8.8.8", null),
    ];

    [Fact]
    public async Task The_recorded_log_imports_its_listener_lines_and_a_second_import_adds_nothing()
    {
        var path = SharedData.Sample("63-access.log.full");
        var expected = File.ReadLines(path).Count(IsListenerLine);

        var first = await ImportAsync("recorded", File.ReadAllBytes(path));
        var second = await ImportAsync("recorded", File.ReadAllBytes(path));

        Assert.Equal(File.ReadLines(path).Count(), (long)first["linesRead"]!);
        Assert.Equal(expected, (long)first["sessionsImported"]!);
        Assert.Equal(first["linesRead"]!.GetValue<long>() - expected, (long)first["skipped"]!);
        Assert.Empty(first["rejected"]!.AsArray());
        Assert.Equal((0L, (long)expected), ((long)second["sessionsImported"]!, (long)second["duplicates"]!));
        Assert.Equal(expected, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM listener_sessions WHERE server_id = 'recorded'"));
        Assert.Equal("import", await fixture.Database.ScalarAsync<string>("SELECT string_agg(DISTINCT source, ',') FROM listener_sessions WHERE server_id = 'recorded'"));
    }

    [Fact]
    public async Task A_generated_log_with_public_addresses_gets_locations_durations_and_rejections_by_line_number()
    {
        var log = new StringBuilder();
        var end = new DateTimeOffset(2026, 11, 20, 18, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < PublicListeners.Length; i++)
        {
            log.Append(CultureInfo.InvariantCulture,
                $"{PublicListeners[i].Ip} - - [{end.AddMinutes(i):dd/MMM/yyyy:HH:mm:ss} +0000] \"GET /live.mp3 HTTP/1.1\" 200 {1000 * (i + 1)} \"-\" \"VLC/3.0.18 LibVLC/3.0.18\" {60 * (i + 1)}\n");
        }

        log.Append("this is not a log line\n");

        var result = await ImportAsync("generated", Encoding.ASCII.GetBytes(log.ToString()));

        Assert.Equal(PublicListeners.Length, (long)result["sessionsImported"]!);
        var rejected = Assert.Single(result["rejected"]!.AsArray());
        Assert.Equal(PublicListeners.Length + 1, (long)rejected!["line"]!);
        var countries = await fixture.Database.ScalarAsync<string>(
            "SELECT string_agg(coalesce(country_code, '-'), ',' ORDER BY duration_seconds) FROM listener_sessions WHERE server_id = 'generated'");
        Assert.Equal(string.Join(',', PublicListeners.Select(l => l.Country ?? "-")), countries);
        Assert.Equal(60, await fixture.Database.ScalarAsync<int>("SELECT min(duration_seconds) FROM listener_sessions WHERE server_id = 'generated'"));
        Assert.Equal(end.AddSeconds(-60).UtcDateTime, await fixture.Database.ScalarAsync<DateTime>(
            "SELECT min(started_at) FROM listener_sessions WHERE server_id = 'generated'"));
    }

    [Theory]
    [InlineData("?server=nosuch", HttpStatusCode.NotFound)]
    [InlineData("", HttpStatusCode.BadRequest)]
    [InlineData("?server=recorded&timeZone=Mars", HttpStatusCode.BadRequest)]
    public async Task Bad_parameters_get_problem_details(string query, HttpStatusCode expected)
    {
        using var client = fixture.App.CreateApiClient();

        using var response = await client.PostAsync("/api/asteroid/admin/import/access-log" + query, new StringContent("x"));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<JsonNode> ImportAsync(string server, byte[] body)
    {
        using var client = fixture.App.CreateApiClient();
        using var response = await client.PostAsync($"/api/asteroid/admin/import/access-log?server={server}&timeZone=%2B0000", new ByteArrayContent(body));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }

    /// <summary>Independent of the importer's parser: split on quotes and spaces.</summary>
    private static bool IsListenerLine(string line)
    {
        var quoted = line.Split('"');
        var request = quoted[1].Split(' ');
        var statusAndBytes = quoted[2].Trim().Split(' ');
        var duration = long.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        var path = request[1];
        return request[0] == "GET" && statusAndBytes[0].StartsWith('2') && duration > 0
            && !path.StartsWith("/admin/", StringComparison.Ordinal) && !path.EndsWith(".xsl", StringComparison.Ordinal);
    }

    public sealed class Fixture : IAsyncLifetime
    {
        public TestDatabase Database { get; } = TestDatabase.Create();

        public AsteroidApp App { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            App = new AsteroidApp(Database);
            foreach (var server in new[] { "recorded", "generated" })
            {
                using var client = App.CreateApiClient();
                (await client.PutAsJsonAsync($"/api/asteroid/admin/servers/{server}",
                    new { baseUrl = "http://127.0.0.1:9", adminPassword = "unused", enabled = false })).EnsureSuccessStatusCode();
            }
        }

        public async Task DisposeAsync()
        {
            await App.DisposeAsync();
            await Database.DisposeAsync();
        }
    }
}
