using Asteroid.Reports;
using Asteroid.Stations;
using Asteroid.Tracks;
using Asteroid.Web.Reports;
using Asteroid.Web.Stats;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Asteroid.Web.Tracks;

/// <summary>The tracks API: <c>/api/asteroid/stats/now-playing</c>, <c>/stats/plays</c>,
/// <c>/stats/tracks</c> (same scope and date parameters as the other reports, plus
/// <c>traffic=net|gross</c>, default net) and the plays/tracks exports. Definitions in docs/metrics.md.</summary>
public static class TracksApi
{
    public static IEndpointRouteBuilder MapTracks(this IEndpointRouteBuilder api)
    {
        api.MapGet("/stats/now-playing", NowPlayingAsync).WithName("GetNowPlaying").ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/stats/plays", PlaysAsync).WithName("GetPlays").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/stats/tracks", TracksAsync).WithName("GetTracks").ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    /// <summary>A resolved track request: the scope's header and mounts, and the traffic.</summary>
    public sealed record class TrackRequest(ReportHeader Header, TrackScope Scope, bool Net)
    {
        public string Traffic => Net ? "net" : "gross";
    }

    /// <summary>Parses traffic= and resolves the scope; the ProblemDetails of a bad request otherwise.</summary>
    public static async Task<(TrackRequest? Request, ProblemHttpResult? NotFound, ValidationProblem? Invalid)> ResolveAsync(
        HttpContext context, ReportServices services)
    {
        var traffic = context.Request.Query["traffic"].ToString();
        var errors = services.Query.Errors is { } e ? new Dictionary<string, string[]>(e) : [];
        if (traffic is not ("" or "net" or "gross"))
        {
            errors["traffic"] = ["traffic is net (default: no bots, sessions of at least 60 s) or gross (every session)"];
        }

        if (errors.Count > 0)
        {
            return (null, null, TypedResults.ValidationProblem(errors, title: "The report parameters are not valid"));
        }

        var sp = context.RequestServices;
        var (scope, problem) = await sp.GetRequiredService<ScopeResolver>().ResolveAsync(services.Query.Request!);
        if (problem is not null)
        {
            return problem.Kind == ReportProblemKind.NotFound
                ? (null, TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: problem.Title, detail: problem.Detail), null)
                : (null, null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { [problem.Parameter ?? "query"] = [problem.Detail] }, title: problem.Title));
        }

        var mounts = await TrackScope.OfAsync(scope!, sp.GetRequiredService<StationResolver>(), services.Grains);
        return (new TrackRequest(scope!.Header, mounts, traffic != "gross"), null, null);
    }

    private static async Task<Results<Ok<PlaysResponse>, ProblemHttpResult, ValidationProblem>> PlaysAsync(
        HttpContext context, [AsParameters] ReportServices services, TrackReports reports)
    {
        var (request, notFound, invalid) = await ResolveAsync(context, services);
        if (request is null)
        {
            return notFound is not null ? notFound : invalid!;
        }

        var plays = await reports.PlaysAsync(request.Scope, request.Header.From, request.Header.To, request.Net, context.RequestAborted);
        return TypedResults.Ok(new PlaysResponse(request.Header, request.Traffic, plays));
    }

    private static async Task<Results<Ok<TracksResponse>, ProblemHttpResult, ValidationProblem>> TracksAsync(
        HttpContext context, string? sort, [AsParameters] ReportServices services, TrackReports reports)
    {
        if (sort is not null && !TrackReports.Sorts.Contains(sort))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["sort"] = ["sort is plays, uniqueListeners, listenMinutes or tuneOutIndex"] },
                title: "The report parameters are not valid");
        }

        var (request, notFound, invalid) = await ResolveAsync(context, services);
        if (request is null)
        {
            return notFound is not null ? notFound : invalid!;
        }

        sort ??= "plays";
        var tracks = await reports.TracksAsync(request.Scope, request.Header.From, request.Header.To, request.Net, sort, context.RequestAborted);
        return TypedResults.Ok(new TracksResponse(request.Header, request.Traffic, sort, tracks));
    }

    private static async Task<Results<Ok<NowPlayingResponse>, ProblemHttpResult>> NowPlayingAsync(
        LiveStatsReader reader, IGrainFactory grains, TimeProvider time, HttpContext context)
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
