using Asteroid.Reports;
using Asteroid.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Asteroid.Web.Reports;

/// <summary>The stats API: <c>/api/asteroid/stats/daily</c>, <c>/hourly</c>, <c>/geo</c> and
/// <c>/summary</c>. The report grain computes them from the day aggregates (definitions in
/// docs/metrics.md); this file parses, calls and shapes the HTTP answer.</summary>
public static class ReportsApi
{
    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder api)
    {
        api.MapGet("/stats/daily", ([AsParameters] ReportServices s) => RunAsync(s, r => s.Reports.Daily(r), d => new DailyStatsResponse(d)))
            .WithName("GetDailyStats").ProducesProblem(StatusCodes.Status404NotFound).ScopedRead();
        api.MapGet("/stats/hourly", ([AsParameters] ReportServices s) => RunAsync(s, r => s.Reports.Hourly(r), h => new HourlyStatsResponse(h)))
            .WithName("GetHourlyStats").WithMetadata(new AllowsSingleDate()).ProducesProblem(StatusCodes.Status404NotFound).ScopedRead();
        api.MapGet("/stats/geo", ([AsParameters] ReportServices s) => RunAsync(s, r => s.Reports.Geo(r), g => new GeoStatsResponse(g)))
            .WithName("GetGeoStats").ProducesProblem(StatusCodes.Status404NotFound).ScopedRead();
        api.MapGet("/stats/summary", ([AsParameters] ReportServices s) => RunAsync(s, r => s.Reports.Summary(r), m => new SummaryStatsResponse(m)))
            .WithName("GetSummaryStats").ProducesProblem(StatusCodes.Status404NotFound).ScopedRead();
        return api;
    }

    private static async Task<Results<Ok<TResponse>, ProblemHttpResult, ValidationProblem>> RunAsync<TReport, TResponse>(
        ReportServices services, Func<ReportRequest, Task<ReportResult<TReport>>> call, Func<TReport, TResponse> shape)
        where TReport : class
    {
        if (!services.TryGetRequest(out var request, out var invalid))
        {
            return invalid!;
        }

        return ReportServices.Answer(await call(request), shape);
    }
}
