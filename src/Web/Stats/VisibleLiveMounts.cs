using Asteroid.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Asteroid.Web.Stats;

/// <summary>The live mounts a caller may see: those of the stations they may read, and an
/// unavailable server only if they may read one of its stations (admins see everything).</summary>
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

        var grants = AccessClaims.GrantsOf(context.User);
        if (grants.IsAdmin)
        {
            return (live, null);
        }

        var rules = await access.CurrentAsync();
        return (new LiveMounts([.. live.Mounts.Where(m => rules.MaySee(grants, m.Server, m.Mount))],
            [.. live.UnavailableServers.Where(s => rules.MayReadAnyOf(grants, s))]), null);
    }
}
