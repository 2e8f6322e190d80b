using Microsoft.AspNetCore.Authorization;

namespace Asteroid.Web.Access;

/// <summary>How an endpoint is guarded. Every endpoint of the app carries one (or allows anonymous
/// callers); a test enumerates the endpoints and fails on one that carries none.</summary>
public enum AccessKind
{
    /// <summary>Any signed-in user or key: answers nothing about stations (about, me, logout).</summary>
    AnyCaller,

    /// <summary>A report or live detail of one scope: 403 unless the caller may read it.</summary>
    ScopedRead,

    /// <summary>A listing filtered to what the caller may see, or a change the endpoint itself checks
    /// against the caller's grants (stations, the SignalR hub).</summary>
    Filtered,

    /// <summary>Admins only: 403 for managers and viewers.</summary>
    AdminOnly,
}

/// <summary>Endpoint metadata naming its <see cref="AccessKind"/>.</summary>
public sealed record class AccessMetadata(AccessKind Kind);

public static class EndpointAccess
{
    /// <summary>The policy of admin-only endpoints (the role <c>admin</c>, cookie or key).</summary>
    public const string AdminPolicy = "asteroid.admin";

    public static TBuilder AdminOnly<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(AdminPolicy).WithMetadata(new AccessMetadata(AccessKind.AdminOnly));

    public static TBuilder AnyCaller<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization().WithMetadata(new AccessMetadata(AccessKind.AnyCaller));

    public static TBuilder Filtered<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization().WithMetadata(new AccessMetadata(AccessKind.Filtered));

    /// <summary>403 ProblemDetails unless the caller may read the scope the query names
    /// (<c>station=</c>, <c>group=</c>, <c>server=</c> with or without <c>mount=</c>, or none: the network).</summary>
    public static TBuilder ScopedRead<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.RequireAuthorization().WithMetadata(new AccessMetadata(AccessKind.ScopedRead));
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var rules = await http.RequestServices.GetRequiredService<AccessRulesSource>().CurrentAsync();
            var grants = AccessClaims.GrantsOf(http.User);
            var denied = ScopesOf(http.Request.Query).FirstOrDefault(scope => !rules.MayRead(grants, scope));
            return denied is null ? await next(context) : Forbidden($"This {Describe(denied)} is not among the scopes granted to you.");
        });
        return builder;
    }

    /// <summary>Every scope a report query names — its single scope (<c>station=</c>, <c>group=</c>,
    /// <c>server=</c> with or without <c>mount=</c>) and each scope of <c>scopes=</c> — or the network
    /// when it names none. All of them must be readable, whichever of them the endpoint answers.</summary>
    public static IReadOnlyList<ReportScope> ScopesOf(IQueryCollection query)
    {
        string? station = query["station"], group = query["group"], server = query["server"], mount = query["mount"];
        var scopes = new List<ReportScope>();
        if (!string.IsNullOrEmpty(station))
        {
            scopes.Add(new ReportScope.Station(station));
        }

        if (!string.IsNullOrEmpty(group))
        {
            scopes.Add(new ReportScope.Group(group));
        }

        if (!string.IsNullOrEmpty(server))
        {
            scopes.Add(string.IsNullOrEmpty(mount) ? new ReportScope.Server(server) : new ReportScope.Mount(server, mount));
        }

        if (query.ContainsKey("scopes"))
        {
            // /stats/summary side by side. A list that does not parse is answered 400 by the endpoint,
            // with no data; it stands for nothing here, so the single scope (or the network) is checked.
            var (list, error) = Web.Reports.ScopeList.Parse(query["scopes"].ToString());
            if (error is null)
            {
                scopes.AddRange(list.Select(s => s switch
                {
                    { Station: { } st } => (ReportScope)new ReportScope.Station(st),
                    { Group: { } g } => new ReportScope.Group(g),
                    { Server: { } sv, Mount: { } m } => new ReportScope.Mount(sv, m),
                    { Server: { } sv } => new ReportScope.Server(sv),
                    _ => new ReportScope.Network(),
                }));
            }
        }

        if (scopes.Count == 0)
        {
            scopes.Add(new ReportScope.Network());
        }

        return scopes;
    }

    private static string Describe(ReportScope scope) => scope switch
    {
        ReportScope.Station => "station",
        ReportScope.Mount => "mount",
        ReportScope.Server => "server",
        ReportScope.Group => "group",
        _ => "network (it needs every station, or the admin role)",
    };

    /// <summary>The 403 ProblemDetails of a caller refused by the access rules.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", detail: detail);

    public static Task WriteForbiddenAsync(HttpContext context, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = StatusCodes.Status403Forbidden, Title = "Not allowed", Detail = detail },
        }).AsTask();
    }

    public static AuthorizationBuilder AddAsteroidPolicies(this AuthorizationBuilder builder) =>
        builder.AddPolicy(AdminPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Admin));
}
