using Asteroid.Silo.Hosting;
using Asteroid.Silo.Operations;
using Asteroid.Web.About;
using Asteroid.Web.Alerts;
using Asteroid.Web.Access;
using Asteroid.Web.Access.Audit;
using Asteroid.Web.Auth;
using Asteroid.Web.Reports;
using Asteroid.Web.Royalties;
using Asteroid.Web.Stations;
using Asteroid.Web.Groups;
using Scalar.AspNetCore;
using Asteroid.Web.Hooks;
using Asteroid.Web.Import;
using Asteroid.Web.Live;
using Asteroid.Web.OrleansDashboard;
using Asteroid.Web.Servers;
using Asteroid.Web.Shows;
using Asteroid.Web.Stats;
using Asteroid.Web.Tracks;

namespace Asteroid.Web.Hosting;

/// <summary>The web front co-hosted with a silo: API-key auth, ProblemDetails, the stats and admin
/// APIs, the SignalR hub and the static dashboard.</summary>
public static class WebHostingExtensions
{
    /// <summary>Largest request body of the JSON API (stations, servers, keys).</summary>
    public const long ApiMaxBodyBytes = 1 << 20;

    public static IHostApplicationBuilder AddAsteroidWeb(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.AddAsteroidAuth();
        builder.AddAsteroidRateLimiting();
        builder.Services.AddSignalR();
        builder.Services.AddSingleton<LiveStatsReader>();
        builder.Services.AddSingleton<HookTokenCache>();
        builder.Services.AddSingleton<Asteroid.Web.Reports.SessionCursor>();
        builder.AddAsteroidLivePush();
        return builder;
    }

    public static WebApplication UseAsteroidWeb(this WebApplication app)
    {
        // A request the server refused to read (body too large, malformed form, bad framing) is the
        // caller's fault: its own status, not a 500.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex switch
            {
                BadHttpRequestException bad => bad.StatusCode,
                InvalidDataException => StatusCodes.Status400BadRequest,
                // A grain call that got no answer in time (a silo going away, an overloaded node): the
                // request may succeed if repeated, the service is not broken.
                TimeoutException or Orleans.Runtime.SiloUnavailableException => StatusCodes.Status503ServiceUnavailable,
                _ => StatusCodes.Status500InternalServerError,
            },
        });
        app.UseStatusCodePages();
        app.UseSecurityHeaders();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAntiforgeryForCookies();
        app.UseAuthorization();
        app.UseRateLimiter();

        // JSON bodies of the API are small; the import raises its own limit (Import:MaxBodyBytes).
        var api = app.MapGroup("/api/asteroid").RequireAuthorization().WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(ApiMaxBodyBytes));
        api.MapCurrentStats();
        api.MapLiveDetail();
        api.MapServerAdmin();
        api.MapHookConfig();
        api.MapAccessLogImport();
        api.MapAbout();
        api.MapStationAdmin();
        api.MapGroupAdmin();
        api.MapReports();
        api.MapExport();
        api.MapSessions();
        api.MapSources();
        api.MapReconcile();
        api.MapUsers();
        api.MapAudit();
        api.MapAlertAdmin();
        api.MapReportScheduleAdmin();
        api.MapTracks();
        api.MapPlaylistImport();
        api.MapShowAdmin();
        api.MapShows();
        api.MapCatalog();
        api.MapRoyalties();
        app.MapAsteroidOperations();                    // /health/live, /health/ready, /metrics
        app.MapOpenApi().AllowAnonymous();              // /openapi/v1.json
        app.MapScalarApiReference(o => o.DisableDefaultFonts()).AllowAnonymous(); // /scalar/v1: browsable API reference, no fonts from the internet
        app.MapIcecastHooks();
        app.MapNowPlayingPush();
        app.MapAccount();
        app.MapHub<StatsHub>(StatsHub.Path).Filtered();
        app.MapAsteroidOrleansDashboard();              // /orleans-dashboard/ when Orleans:Dashboard:Enabled, admins only
        return app;
    }
}
