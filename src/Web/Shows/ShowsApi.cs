using Asteroid.Reports;
using Asteroid.Shows;
using Asteroid.Web.Access;
using Asteroid.Web.Reports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Asteroid.Web.Shows;

/// <summary><c>GET /api/asteroid/stats/shows?station=&amp;from&amp;to</c> (the scope and range
/// parameters of every report, <c>traffic=</c>, <c>daypart=</c>, <c>compare=previous</c>: week
/// over week per episode) through the show report grain. Definitions in docs/metrics.md.</summary>
public static class ShowsApi
{
    public static IEndpointRouteBuilder MapShows(this IEndpointRouteBuilder api)
    {
        api.MapGet("/stats/shows", ShowsAsync).WithName("GetShowStats").ProducesProblem(StatusCodes.Status404NotFound).ScopedRead();
        return api;
    }

    public static IShowReportGrain Reports(IGrainFactory grains) => grains.GetGrain<IShowReportGrain>(IShowReportGrain.Key);

    /// <summary>The request, the daypart and whether to compare, or the ValidationProblem of a malformed query.</summary>
    public static (ReportRequest? Request, bool Compare, ValidationProblem? Invalid) Parse(ReportServices services)
    {
        var errors = services.Query.Errors is { } e ? new Dictionary<string, string[]>(e) : [];
        if (services.Query.Compare == CompareMode.Year)
        {
            errors["compare"] = ["the show report compares week over week: compare=previous"];
        }

        return errors.Count > 0
            ? (null, false, TypedResults.ValidationProblem(errors, title: "The report parameters are not valid"))
            : (services.Query.Request!, services.Query.Compare == CompareMode.Previous, null);
    }

    private static async Task<Results<Ok<ShowsResponse>, ProblemHttpResult, ValidationProblem>> ShowsAsync([AsParameters] ReportServices services)
    {
        var (request, compare, invalid) = Parse(services);
        return request is null
            ? invalid!
            : ReportServices.Answer(await Reports(services.Grains).Shows(request, services.Query.Daypart, compare), r => new ShowsResponse(r, compare));
    }
}
