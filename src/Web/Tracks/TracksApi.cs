using Asteroid.Reports;
using Asteroid.Tracks;
using Asteroid.Web.Access;
using Asteroid.Web.Reports;
using Asteroid.Web.Stats;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Asteroid.Web.Tracks;

/// <summary>The tracks API: <c>/api/asteroid/stats/now-playing</c>, <c>/stats/plays</c>,
/// <c>/stats/tracks</c> (same scope and date parameters as the other reports, plus
/// <c>traffic=net|gross</c>, default net) through the track report grain. Definitions in docs/metrics.md.</summary>
public static class TracksApi
{
    public static IEndpointRouteBuilder MapTracks(this IEndpointRouteBuilder api)
    {
        api.MapGet("/stats/now-playing", NowPlayingAsync).WithName("GetNowPlaying").ProducesProblem(StatusCodes.Status503ServiceUnavailable).Filtered();
        api.MapGet("/stats/plays", PlaysAsync).WithName("GetPlays").ProducesProblem(StatusCodes.Status404NotFound).ScopedRead();
        api.MapGet("/stats/tracks", TracksAsync).WithName("GetTracks").ProducesProblem(StatusCodes.Status404NotFound).ScopedRead();
        return api;
    }

    public static ITrackReportGrain Reports(ReportServices services) => services.Grains.GetGrain<ITrackReportGrain>(ITrackReportGrain.Key);

    /// <summary>The report request and the traffic (net unless <c>traffic=gross</c>), or the
    /// ValidationProblem of a malformed query (also for <c>sort=</c> when <paramref name="sort"/> is given).</summary>
    public static (ReportRequest? Request, bool Net, ValidationProblem? Invalid) Parse(HttpContext context, ReportServices services, string? sort = null)
    {
        var traffic = context.Request.Query["traffic"].ToString();
        var errors = services.Query.Errors is { } e ? new Dictionary<string, string[]>(e) : [];
        if (traffic is not ("" or "net" or "gross"))
        {
            errors["traffic"] = ["traffic is net (default: no bots, sessions of at least 60 s) or gross (every session)"];
        }

        if (sort is { Length: > 0 } && !ITrackReportGrain.Sorts.Contains(sort))
        {
            errors["sort"] = ["sort is plays, uniqueListeners, listenMinutes or tuneOutIndex"];
        }

        return errors.Count > 0
            ? (null, true, TypedResults.ValidationProblem(errors, title: "The report parameters are not valid"))
            : (services.Query.Request!, traffic != "gross", null);
    }

    private static async Task<Results<Ok<PlaysResponse>, ProblemHttpResult, ValidationProblem>> PlaysAsync(
        HttpContext context, [AsParameters] ReportServices services)
    {
        var (request, net, invalid) = Parse(context, services);
        return request is null ? invalid! : ReportServices.Answer(await Reports(services).Plays(request, net), r => new PlaysResponse(r));
    }

    private static async Task<Results<Ok<TracksResponse>, ProblemHttpResult, ValidationProblem>> TracksAsync(
        HttpContext context, string? sort, [AsParameters] ReportServices services)
    {
        var (request, net, invalid) = Parse(context, services, sort);
        return request is null
            ? invalid!
            : ReportServices.Answer(await Reports(services).Tracks(request, net, sort is { Length: > 0 } ? sort : "plays"), r => new TracksResponse(r));
    }

    private static async Task<Results<Ok<NowPlayingResponse>, ProblemHttpResult>> NowPlayingAsync(
        LiveStatsReader reader, IGrainFactory grains, TimeProvider time, HttpContext context, AccessRulesSource access)
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

        // Only the mounts of stations the caller may read.
        var rules = await access.CurrentAsync();
        var grants = AccessClaims.GrantsOf(context.User);
        var visible = grants.IsAdmin ? live.Mounts : [.. live.Mounts.Where(m => rules.MaySee(grants, m.Server, m.Mount))];
        var mounts = await Task.WhenAll(visible.Select(async m =>
        {
            PlayRecord? play = null;
            try
            {
                play = await grains.GetGrain<INowPlayingGrain>(Mounts.MountKey.Format(m.Server, m.Mount)).GetCurrent().WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception ex) when (ex is TimeoutException or OrleansException)
            {
                // the mount is shown without its track rather than not at all
            }

            return new NowPlayingMount(m.Server, m.Mount, m.Listeners, m.Status, play?.Artist, play?.Title, play?.StartedAt, play?.Source, play?.Album);
        }));
        var unavailable = grants.IsAdmin ? live.UnavailableServers : [.. live.UnavailableServers.Where(s => rules.MayReadAnyOf(grants, s))];
        return TypedResults.Ok(new NowPlayingResponse(time.GetUtcNow(), mounts, unavailable));
    }
}
