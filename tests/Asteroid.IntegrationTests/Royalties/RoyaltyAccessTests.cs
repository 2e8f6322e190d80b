using System.Net;
using System.Net.Http.Json;
using System.Text;
using Asteroid.IntegrationTests.Access;

namespace Asteroid.IntegrationTests.Royalties;

/// <summary>Who may do what with the royalty endpoints: a station's viewers read its reports and
/// settings; only admins and managers read or write the catalogue; only admins and the station's
/// managers change its royalty settings.</summary>
public sealed class RoyaltyAccessTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    [Theory]
    [InlineData("/api/asteroid/reports/soundexchange?station=jazz&month=2026-11")]
    [InlineData("/api/asteroid/reports/ppl?station=jazz&from=2026-11-01&to=2026-11-30")]
    [InlineData("/api/asteroid/reports/unmatched?station=jazz&month=2026-11")]
    [InlineData("/api/asteroid/admin/stations/jazz/royalties")]
    public async Task A_viewer_reads_the_royalty_reports_of_their_station_and_not_of_another(string path)
    {
        using var viewer = fixture.Key(fixture.ViewerKey);

        using var mine = await viewer.GetAsync(path);
        using var other = await viewer.GetAsync(path.Replace("jazz", "live", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Managers_read_the_shared_catalogue_and_only_admins_change_it()
    {
        using var viewer = fixture.Key(fixture.ViewerKey);
        using var manager = fixture.Key(fixture.ManagerKey);
        const string csv = "artist,title\nA,One\n";

        using var viewerPut = await viewer.PutAsync("/api/asteroid/admin/catalog", new StringContent(csv, Encoding.UTF8, "text/csv"));
        using var viewerGet = await viewer.GetAsync("/api/asteroid/admin/catalog");
        using var managerPut = await manager.PutAsync("/api/asteroid/admin/catalog", new StringContent(csv, Encoding.UTF8, "text/csv"));
        using var managerGet = await manager.GetAsync("/api/asteroid/admin/catalog?format=csv");

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (viewerPut.StatusCode, viewerGet.StatusCode));
        Assert.Equal("application/problem+json", viewerPut.Content.Headers.ContentType?.MediaType);
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.OK), (managerPut.StatusCode, managerGet.StatusCode));
        using var admin = fixture.App.CreateApiClient();
        using var adminPut = await admin.PutAsync("/api/asteroid/admin/catalog", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, adminPut.StatusCode);
        Assert.Contains("A,One", await manager.GetStringAsync("/api/asteroid/admin/catalog?format=csv"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manager_changes_the_royalty_settings_of_their_station_only_and_a_viewer_none()
    {
        using var viewer = fixture.Key(fixture.ViewerKey);
        using var manager = fixture.Key(fixture.ManagerKey);
        var body = new { serviceName = "Jazz FM", transmissionCategory = "A", nonMusicPatterns = Array.Empty<string>() };

        using var own = await manager.PutAsJsonAsync("/api/asteroid/admin/stations/jazz/royalties", body);
        using var other = await manager.PutAsJsonAsync("/api/asteroid/admin/stations/live/royalties", body);
        using var byViewer = await viewer.PutAsJsonAsync("/api/asteroid/admin/stations/jazz/royalties", body);
        using var bad = await manager.PutAsJsonAsync("/api/asteroid/admin/stations/jazz/royalties", new { transmissionCategory = "Z" });

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (other.StatusCode, byViewer.StatusCode));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
    }
}
