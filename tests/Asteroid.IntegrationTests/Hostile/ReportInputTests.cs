using System.Net;
using System.Net.Http.Json;
using Asteroid.IntegrationTests.Infrastructure;

namespace Asteroid.IntegrationTests.Hostile;

/// <summary>Holes 6 and 7 of issue 12 in the reports and the export: calendar-edge dates in a zone
/// ahead of UTC, control characters in <c>mount=</c>, and a mount id that tries to inject a second
/// file name or a header into the export's Content-Disposition.</summary>
public sealed class ReportInputTests(HostileApp host) : IClassFixture<HostileApp>
{
    [Theory]
    [InlineData("/api/asteroid/stats/daily?station=kiritimati&from=9999-12-31&to=9999-12-31")]
    [InlineData("/api/asteroid/stats/daily?station=kiritimati&from=0001-01-01&to=0001-01-01")]
    [InlineData("/api/asteroid/stats/hourly?station=kiritimati&from=9999-12-31&to=9999-12-31")]
    [InlineData("/api/asteroid/stats/summary?station=kiritimati&from=0001-01-01&to=0001-01-02")]
    public async Task Report_dates_at_the_calendar_edges_in_a_zone_ahead_of_utc_get_a_400(string path)
    {
        await StationAsync();
        using var client = host.Client(apiKey: true);

        using var response = await client.GetAsync(path);

        await HostileInputTests.AssertProblemAsync(response);
    }

    [Theory]
    [InlineData("/api/asteroid/stats/daily?server=main&mount=/a%00.mp3&from=2026-11-01&to=2026-11-01")]
    [InlineData("/api/asteroid/stats/export?dataset=daily&format=csv&server=main&mount=/a%00.mp3&from=2026-11-01&to=2026-11-01")]
    public async Task A_nul_in_mount_gets_a_400(string path)
    {
        await ServerAsync();
        using var client = host.Client(apiKey: true);

        using var response = await client.GetAsync(path);

        await HostileInputTests.AssertProblemAsync(response);
    }

    [Theory]
    [InlineData("/a\";%20filename*=UTF-8''evil.exe")]
    [InlineData("/caf\u00e9%0D%0AX-Injected:%201.mp3")]
    public async Task An_export_file_name_carries_one_file_name_whatever_the_mount(string mount)
    {
        await ServerAsync();
        using var client = host.Client(apiKey: true);

        using var response = await client.GetAsync($"/api/asteroid/stats/export?dataset=daily&format=csv&server=main&mount={mount}&from=2026-11-01&to=2026-11-01");

        Assert.True((int)response.StatusCode < 500, response.StatusCode.ToString());
        Assert.False(response.Headers.Contains("X-Injected"));
        if (response.IsSuccessStatusCode)
        {
            // Parsed as a client would: the mount's text stays inside the one file name.
            var disposition = System.Net.Http.Headers.ContentDispositionHeaderValue.Parse(string.Join(",", response.Content.Headers.GetValues("Content-Disposition")));
            Assert.False(disposition.FileNameStar?.StartsWith("evil.exe", StringComparison.Ordinal) == true, disposition.ToString());
            Assert.Single(disposition.Parameters, p => p.Name.Equals("filename*", StringComparison.OrdinalIgnoreCase) || p.Name.Equals("filename", StringComparison.OrdinalIgnoreCase)
                && !disposition.Parameters.Any(q => q.Name.Equals("filename*", StringComparison.OrdinalIgnoreCase)));
        }
    }

    private async Task ServerAsync()
    {
        using var client = host.Client(apiKey: true);
        using var response = await client.PutAsJsonAsync("/api/asteroid/admin/servers/main", new { baseUrl = "http://127.0.0.1:9", adminPassword = "p", enabled = false });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task StationAsync()
    {
        using var client = host.Client(apiKey: true);
        using var response = await client.PutAsJsonAsync("/api/asteroid/admin/stations/kiritimati", new { name = "Ahead of UTC", timeZone = "Pacific/Kiritimati", mounts = Array.Empty<object>() });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
