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
            var (live, problem) = await VisibleLiveMounts.ReadAsync(reader, access, context);
            if (live is null)
            {
                return problem!;
            }

            return TypedResults.Ok(new CurrentStats(time.GetUtcNow(), live.Mounts.Sum(m => m.Listeners), live.Mounts, live.UnavailableServers));
        }).WithName("GetCurrentStats").ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status503ServiceUnavailable).Filtered();
        return api;
    }
}

/// <summary>The answer of <c>/stats/current</c>. <c>listeners</c> is the sum over mounts of the last
/// successful poll of each; <c>unavailableServers</c> lists servers that could not be read just now
/// (their mounts are missing from the sum until they answer again).</summary>
public sealed record class CurrentStats(DateTimeOffset At, int Listeners, IReadOnlyList<MountLiveState> Mounts, IReadOnlyList<string> UnavailableServers);
