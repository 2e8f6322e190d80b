using Asteroid.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Asteroid.Web.Stats;

/// <summary>The live mounts a caller may see: those of the stations they may read, and an
/// unavailable server only if they may read one of its stations (admins see everything). A scope
/// in the query (<c>station=</c>, <c>group=</c>, <c>server=</c> with or without <c>mount=</c>, as in
/// the reports) narrows the list to its mounts; naming a scope the caller may not read is a 403,
/// a malformed one a 400.</summary>
public static class VisibleLiveMounts
{
    /// <summary>The caller's part of <see cref="LiveStatsReader.ReadMountsAsync"/>, or the 503 of a
    /// cluster that cannot list its servers right now (a silo just left it).</summary>
    public static async Task<(LiveMounts? Live, ProblemHttpResult? Problem)> ReadAsync(LiveStatsReader reader, AccessRulesSource access, HttpContext context)
    {
        LiveMounts live;
        try
        {
            live = await reader.ReadMountsAsync();
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            context.Response.Headers.RetryAfter = "2";
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The cluster is recovering",
                detail: "The list of servers cannot be read right now (a silo just left the cluster). Try again in a few seconds."));
        }

        var query = context.Request.Query;
        if (Reports.ReportQuery.ScopeErrors(query) is { Count: > 0 } errors)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The scope parameters are not valid",
                detail: string.Join(" ", errors.Values.SelectMany(e => e))));
        }

        var grants = AccessClaims.GrantsOf(context.User);
        var scoped = query.ContainsKey("station") || query.ContainsKey("group") || query.ContainsKey("server");
        if (grants.IsAdmin && !scoped)
        {
            return (live, null);
        }

        var rules = await access.CurrentAsync();
        if (scoped)
        {
            var scope = EndpointAccess.ScopesOf(query)[0];
            if (!rules.MayRead(grants, scope))
            {
                return (null, EndpointAccess.Forbidden("This scope is not among the scopes granted to you."));
            }

            return (new LiveMounts([.. live.Mounts.Where(m => rules.InScope(scope, m.Server, m.Mount) && rules.MaySee(grants, m.Server, m.Mount))],
                [.. live.UnavailableServers.Where(u => rules.ServerInScope(scope, u) && rules.MayReadAnyOf(grants, u))]), null);
        }

        return (new LiveMounts([.. live.Mounts.Where(m => rules.MaySee(grants, m.Server, m.Mount))],
            [.. live.UnavailableServers.Where(s => rules.MayReadAnyOf(grants, s))]), null);
    }
}
