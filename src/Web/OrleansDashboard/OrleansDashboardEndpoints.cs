using Asteroid.Silo.Hosting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Orleans.Dashboard;

namespace Asteroid.Web.OrleansDashboard;

/// <summary>The Orleans Dashboard for operators at <c>/orleans-dashboard/</c>, when
/// <c>Orleans:Dashboard:Enabled</c> is true: only for an admin signed in with the dashboard's cookie
/// (401 without it, an API key included; 403 for a signed-in user without the admin role). Its grain-state page is not served, as
/// grain state holds the Icecast admin passwords the admin API never returns.</summary>
public static class OrleansDashboardEndpoints
{
    public const string Path = "/orleans-dashboard";
    public const string AdminRole = "admin";

    public static IEndpointRouteBuilder MapAsteroidOrleansDashboard(this IEndpointRouteBuilder app)
    {
        if (!OrleansDashboardSwitch.IsEnabled(app.ServiceProvider.GetRequiredService<IConfiguration>()))
        {
            return app;
        }

        var dashboard = app.MapOrleansDashboard(routePrefix: Path);
        dashboard.RequireAuthorization(policy => policy
            .AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .RequireRole(AdminRole));
        dashboard.WithMetadata(new Access.AccessMetadata(Access.AccessKind.AdminOnly));
        dashboard.AddEndpointFilter(async (context, next) =>
            ServesGrainState(context.HttpContext.Request.Path.Value)
                ? Results.NotFound()
                : await next(context));
        return app;
    }

    /// <summary>The grain-state page in any spelling a router would still match (a trailing slash,
    /// doubled slashes, another case): it shows grain state, which holds Icecast admin passwords.</summary>
    internal static bool ServesGrainState(string? path) =>
        path?.Split('/', StringSplitOptions.RemoveEmptyEntries).Any(segment => segment.Equals("GrainState", StringComparison.OrdinalIgnoreCase)) == true;
}
