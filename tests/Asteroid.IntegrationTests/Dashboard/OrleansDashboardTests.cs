using System.Net;
using Asteroid.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Asteroid.IntegrationTests.Dashboard;

/// <summary>The Orleans Dashboard: off unless <c>Orleans:Dashboard:Enabled</c>; when on, only for an
/// admin signed in with the cookie (not for an API key, not anonymously), and without grain state.</summary>
public sealed class OrleansDashboardTests(OrleansDashboardTests.Fixture fixture) : IClassFixture<OrleansDashboardTests.Fixture>
{
    [Fact]
    public async Task The_dashboard_is_served_to_a_signed_in_admin_only()
    {
        using var anonymous = fixture.Enabled.CreateClient();
        using var service = fixture.Enabled.CreateClient();
        service.DefaultRequestHeaders.Add("X-Api-Key", AsteroidApp.ApiKey);
        using var admin = await SignedInAsync(fixture.Enabled);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/orleans-dashboard/")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/orleans-dashboard/ClusterStats")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.GetAsync("/orleans-dashboard/ClusterStats")).StatusCode);
        using var page = await admin.GetAsync("/orleans-dashboard/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var counters = await Eventually.Get(async () =>
        {
            using var response = await admin.GetAsync("/orleans-dashboard/DashboardCounters");
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : null;
        }, body => body is not null, TimeSpan.FromSeconds(20), "the dashboard's counters answer");
        Assert.Contains("\"hosts\"", counters, StringComparison.Ordinal);
        foreach (var spelling in new[] { "/orleans-dashboard/GrainState", "/orleans-dashboard/GrainState/", "/orleans-dashboard/grainstate", "/orleans-dashboard//GrainState" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(spelling + "?grainId=server/main&grainType=x")).StatusCode);
        }
    }

    [Fact]
    public async Task Without_the_setting_there_is_no_dashboard()
    {
        using var admin = await SignedInAsync(fixture.Disabled);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/orleans-dashboard/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/orleans-dashboard/ClusterStats")).StatusCode);
    }

    private static async Task<HttpClient> SignedInAsync(AsteroidApp app)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        using var login = await AdminSignInTests.PostJsonAsync(client, "/api/asteroid/auth/login",
            new { user = AsteroidApp.AdminUser, password = AsteroidApp.AdminPassword }, await AdminSignInTests.TokenAsync(client));
        login.EnsureSuccessStatusCode();
        return client;
    }

    public sealed class Fixture : IAsyncLifetime
    {
        private readonly TestDatabase _enabledDatabase = TestDatabase.Create();
        private readonly TestDatabase _disabledDatabase = TestDatabase.Create();

        public AsteroidApp Enabled { get; private set; } = null!;

        public AsteroidApp Disabled { get; private set; } = null!;

        public Task InitializeAsync()
        {
            Enabled = new AsteroidApp(_enabledDatabase, new Dictionary<string, string?> { ["Orleans:Dashboard:Enabled"] = "true" });
            _ = Enabled.Server;
            Disabled = new AsteroidApp(_disabledDatabase);
            _ = Disabled.Server;
            return Task.CompletedTask;
        }

        public async Task DisposeAsync()
        {
            await Enabled.DisposeAsync();
            await Disabled.DisposeAsync();
            await _enabledDatabase.DisposeAsync();
            await _disabledDatabase.DisposeAsync();
        }
    }
}
