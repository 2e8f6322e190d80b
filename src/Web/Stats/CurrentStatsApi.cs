using Asteroid.Mounts;

namespace Asteroid.Web.Stats;

/// <summary><c>GET /api/asteroid/stats/current</c>: listeners right now, per mount.</summary>
public static class CurrentStatsApi
{
    public static IEndpointRouteBuilder MapCurrentStats(this IEndpointRouteBuilder api)
    {
        api.MapGet("/stats/current", async (LiveStatsReader reader, TimeProvider time) =>
        {
            var mounts = await reader.ReadMountsAsync();
            return TypedResults.Ok(new CurrentStats(time.GetUtcNow(), mounts.Sum(m => m.Listeners), mounts));
        }).WithName("GetCurrentStats");
        return api;
    }
}

/// <summary>The answer of <c>/stats/current</c>. <c>listeners</c> is the sum over mounts of the last
/// successful poll of each.</summary>
public sealed record class CurrentStats(DateTimeOffset At, int Listeners, IReadOnlyList<MountLiveState> Mounts);
