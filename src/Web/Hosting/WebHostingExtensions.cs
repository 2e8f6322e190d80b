using Asteroid.Silo.Hosting;
using Asteroid.Silo.Operations;
using Asteroid.Web.About;
using Asteroid.Web.Auth;
using Asteroid.Web.Reports;
using Asteroid.Web.Stations;
using Scalar.AspNetCore;
using Asteroid.Web.Hooks;
using Asteroid.Web.Import;
using Asteroid.Web.Live;
using Asteroid.Web.OrleansDashboard;
using Asteroid.Web.Servers;
using Asteroid.Web.Stats;

namespace Asteroid.Web.Hosting;

/// <summary>The web front co-hosted with a silo: API-key auth, ProblemDetails, the stats and admin
/// APIs, the SignalR hub and the static dashboard.</summary>
public static class WebHostingExtensions
{
    public static IHostApplicationBuilder AddAsteroidWeb(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.AddAsteroidAuth();
        builder.Services.AddSignalR();
        builder.Services.AddSingleton<LiveStatsReader>();
        builder.Services.AddSingleton<HookTokenCache>();
        builder.AddAsteroidLivePush();
        return builder;
    }

    public static WebApplication UseAsteroidWeb(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAntiforgeryForCookies();
        app.UseAuthorization();

        var api = app.MapGroup("/api/asteroid").RequireAuthorization();
        api.MapCurrentStats();
        api.MapLiveDetail();
        api.MapServerAdmin();
        api.MapHookConfig();
        api.MapAccessLogImport();
        api.MapAbout();
        api.MapStationAdmin();
        api.MapReports();
        api.MapExport();
        api.MapReconcile();
        app.MapAsteroidOperations();                    // /health/live, /health/ready, /metrics
        app.MapOpenApi().AllowAnonymous();              // /openapi/v1.json
        app.MapScalarApiReference().AllowAnonymous();   // /scalar/v1: browsable API reference
        app.MapIcecastHooks();
        app.MapAccount();
        app.MapHub<StatsHub>(StatsHub.Path).RequireAuthorization();
        app.MapAsteroidOrleansDashboard();              // /orleans-dashboard/ when Orleans:Dashboard:Enabled, admins only
        return app;
    }
}
