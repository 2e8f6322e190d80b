using Asteroid.Reports;
using Asteroid.Tracks;
using Asteroid.Web.Access;
using Asteroid.Web.Reports;
using Asteroid.Web.Stats;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Asteroid.Web.Tracks;

/// <summary>The tracks API: <c>/api/asteroid/stats/now-playing</c>, <c>/stats/plays</c>,
/// <c>/stats/tracks</c> (same scope and date parameters as the other reports, plus
/// <c>traffic=net|gross</c>, default net, and <c>daypart=</c>: the plays that start in its local hours) through the track report grain. Definitions in docs/metrics.md.</summary>
public static class TracksApi
{
    public static IEndpointRouteBuilder MapTracks(this IEndpointRouteBuilder api)
    {
        api.MapGet("/stats/now-playing", NowPlayingAsync).WithName("GetNowPlaying").ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status503ServiceUnavailable).Filtered();
        api.MapGet("/stats/plays", PlaysAsync).WithName("GetPlays").ProducesProblem(StatusCodes.Status404NotFound).ScopedRead();
        api.MapGet("/stats/tracks", TracksAsync).WithName("GetTracks").ProducesProblem(StatusCodes.Status404NotFound).ScopedRead();
        return api;
    }

    public static ITrackReportGrain Reports(ReportServices services) => services.Grains.GetGrain<ITrackReportGrain>(ITrackReportGrain.Key);

    /// <summary>The plays of the request, within the query's <c>daypart=</c> when it has one.</summary>
    public static Task<ReportResult<PlaysReport>> Plays(ReportServices services, ReportRequest request, bool net) =>
        services.Query.Daypart is { } daypart ? Reports(services).PlaysInDaypart(request, net, daypart) : Reports(services).Plays(request, net);

    /// <summary>The tracks of the request, within the query's <c>daypart=</c> when it has one.</summary>
    public static Task<ReportResult<TracksReport>> Tracks(ReportServices services, ReportRequest request, bool net, string sort) =>
        services.Query.Daypart is { } daypart ? Reports(services).TracksInDaypart(request, net, sort, daypart) : Reports(services).Tracks(request, net, sort);

    /// <summary>The report request (its <c>traffic=</c> as <see cref="ReportQuery"/> parsed it) and
    /// whether it counts net traffic, or the ValidationProblem of a malformed query (also for
    /// <c>sort=</c> when <paramref name="sort"/> is given).</summary>
    public static (ReportRequest? Request, bool Net, ValidationProblem? Invalid) Parse(HttpContext context, ReportServices services, string? sort = null)
    {
        var errors = services.Query.Errors is { } e ? new Dictionary<string, string[]>(e) : [];
        if (sort is { Length: > 0 } && !ITrackReportGrain.Sorts.Contains(sort))
        {
            errors["sort"] = ["sort is plays, uniqueListeners, listenMinutes or tuneOutIndex"];
        }

        return errors.Count > 0
            ? (null, true, TypedResults.ValidationProblem(errors, title: "The report parameters are not valid"))
            : (services.Query.Request!, services.Query.Request!.Traffic == Asteroid.Analytics.Traffic.Net, null);
    }

    private static async Task<Results<Ok<PlaysResponse>, ProblemHttpResult, ValidationProblem>> PlaysAsync(
        HttpContext context, [AsParameters] ReportServices services)
    {
        var (request, net, invalid) = Parse(context, services);
        return request is null ? invalid! : ReportServices.Answer(await Plays(services, request, net), r => new PlaysResponse(r));
    }

    private static async Task<Results<Ok<TracksResponse>, ProblemHttpResult, ValidationProblem>> TracksAsync(
        HttpContext context, string? sort, [AsParameters] ReportServices services)
    {
        var (request, net, invalid) = Parse(context, services, sort);
        return request is null
            ? invalid!
            : ReportServices.Answer(await Tracks(services, request, net, sort is { Length: > 0 } ? sort : "plays"), r => new TracksResponse(r));
    }

    private static async Task<Results<Ok<NowPlayingResponse>, ProblemHttpResult>> NowPlayingAsync(
        LiveStatsReader reader, IGrainFactory grains, TimeProvider time, HttpContext context, AccessRulesSource access)
    {
        var (live, problem) = await VisibleLiveMounts.ReadAsync(reader, access, context);
        if (live is null)
        {
            return problem!;
        }

        var mounts = await Task.WhenAll(live.Mounts.Select(async m =>
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
        return TypedResults.Ok(new NowPlayingResponse(time.GetUtcNow(), mounts, live.UnavailableServers));
    }
}
