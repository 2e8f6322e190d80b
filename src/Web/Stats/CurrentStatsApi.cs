using Asteroid.Mounts;
using Asteroid.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Asteroid.Web.Stats;

/// <summary><c>GET /api/asteroid/stats/current</c>: listeners right now, per mount.</summary>
public static class CurrentStatsApi
{
    public static IEndpointRouteBuilder MapCurrentStats(this IEndpointRouteBuilder api)
    {
        api.MapGet("/stats/current", async Task<Results<Ok<CurrentStats>, ProblemHttpResult>> (LiveStatsReader reader, TimeProvider time, HttpContext context, AccessRulesSource access) =>
        {
            LiveMounts live;
            try
            {
                live = await reader.ReadMountsAsync();
            }
            catch (Exception ex) when (ex is TimeoutException or OrleansException)
            {
                context.Response.Headers.RetryAfter = "2";
                return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The cluster is recovering",
                    detail: "The list of servers cannot be read right now (a silo just left the cluster). Try again in a few seconds.");
            }

            // Only the mounts of stations the caller may read; an unavailable server only if the caller may read one of its stations.
            var rules = await access.CurrentAsync();
            var grants = AccessClaims.GrantsOf(context.User);
            var mounts = grants.IsAdmin ? live.Mounts : [.. live.Mounts.Where(m => rules.MaySee(grants, m.Server, m.Mount))];
            var unavailable = grants.IsAdmin ? live.UnavailableServers : [.. live.UnavailableServers.Where(s => rules.MayReadAnyOf(grants, s))];
            return TypedResults.Ok(new CurrentStats(time.GetUtcNow(), mounts.Sum(m => m.Listeners), mounts, unavailable));
        }).WithName("GetCurrentStats").ProducesProblem(StatusCodes.Status503ServiceUnavailable).Filtered();
        return api;
    }
}

/// <summary>The answer of <c>/stats/current</c>. <c>listeners</c> is the sum over mounts of the last
/// successful poll of each; <c>unavailableServers</c> lists servers that could not be read just now
/// (their mounts are missing from the sum until they answer again).</summary>
public sealed record class CurrentStats(DateTimeOffset At, int Listeners, IReadOnlyList<MountLiveState> Mounts, IReadOnlyList<string> UnavailableServers);
