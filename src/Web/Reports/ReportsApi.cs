using Asteroid.Reports;
using Asteroid.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Asteroid.Web.Reports;

/// <summary>The stats API: <c>/api/asteroid/stats/daily</c>, <c>/hourly</c>, <c>/geo</c> and
/// <c>/summary</c>. The report grain computes them from the day aggregates (definitions in
/// docs/metrics.md); this file parses, calls and shapes the HTTP answer. With <c>compare=</c> the
/// compared period is a second report of the same scope and traffic, asked for side by side.</summary>
public static class ReportsApi
{
    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder api)
    {
        // daypart= (daily, hourly, geo, summary and /stats/shows): the days, hours or range restricted to the daypart's hours, from the raw sessions.
        api.MapGet("/stats/daily", ([AsParameters] ReportServices s) =>
                RunAsync(s, r => s.Query.Daypart is { } daypart ? Shows.ShowsApi.Reports(s.Grains).DaypartDaily(r, daypart) : s.Reports.Daily(r),
                    (d, c) => new DailyStatsResponse(d, c is null ? null : new DailyCompare(d, c))))
            .WithName("GetDailyStats").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ScopedRead();
        api.MapGet("/stats/hourly", ([AsParameters] ReportServices s) =>
                RunAsync(s, r => s.Query.Daypart is { } daypart ? Shows.ShowsApi.Reports(s.Grains).DaypartHourly(r, daypart) : s.Reports.Hourly(r),
                    (h, c) => new HourlyStatsResponse(h, c is null ? null : new HourlyCompare(h, c))))
            .WithName("GetHourlyStats").WithMetadata(new AllowsSingleDate()).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ScopedRead();
        api.MapGet("/stats/geo", ([AsParameters] ReportServices s) =>
                RunAsync(s, r => s.Query.Daypart is { } daypart ? Shows.ShowsApi.Reports(s.Grains).DaypartGeo(r, daypart) : s.Reports.Geo(r),
                    (g, c) => new GeoStatsResponse(g, c is null ? null : new GeoCompare(c))))
            .WithName("GetGeoStats").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ScopedRead();
        api.MapGet("/stats/summary", SummaryAsync)
            .WithName("GetSummaryStats").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ScopedRead();
        return api;
    }

    /// <summary>One scope's summary, or with <c>scopes=</c> several side by side (<see cref="ScopeList"/>).
    /// The OpenAPI document describes the one-scope answer (two 200 schemas would replace each
    /// other); the <c>scopes=</c> answer is <see cref="MultiScopeSummaryResponse"/> (README).</summary>
    private static async Task<Results<Ok<SummaryStatsResponse>, JsonHttpResult<MultiScopeSummaryResponse>, ProblemHttpResult, ValidationProblem>> SummaryAsync(
        HttpContext context, [AsParameters] ReportServices s)
    {
        var shows = Shows.ShowsApi.Reports(s.Grains);
        Task<ReportResult<SummaryReport>> Summary(ReportRequest r, string? daypart) => daypart is null ? s.Reports.Summary(r) : shows.DaypartSummary(r, daypart);
        if (!context.Request.Query.ContainsKey("scopes"))
        {
            return await RunAsync(s, r => Summary(r, s.Query.Daypart), Shape) switch
            {
                { Result: Ok<SummaryStatsResponse> ok } => ok,
                { Result: ProblemHttpResult problem } => problem,
                { Result: var other } => (ValidationProblem)other,
            };
        }

        var (scopes, error) = ScopeList.Parse(context.Request.Query["scopes"].ToString());
        var errors = new Dictionary<string, string[]>(s.Query.Errors ?? []);
        errors.Remove("station"); // scopes= stands for station= / server= + mount=
        if (error is not null)
        {
            errors["scopes"] = [error];
        }

        if (context.Request.Query.ContainsKey("station") || context.Request.Query.ContainsKey("server"))
        {
            errors["scopes"] = ["give either scopes=, or one scope (station=, or server= and mount=)"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The report parameters are not valid");
        }

        // The range and traffic are parsed with a placeholder scope, then set per scope.
        var template = ReportQuery.Parse(WithStation(context.Request.Query), allowSingleDate: false);
        if (template.Errors is { } templateErrors)
        {
            return TypedResults.ValidationProblem(templateErrors, title: "The report parameters are not valid");
        }

        var answers = await Task.WhenAll(scopes.Select(async scope =>
        {
            var request = scope.Apply(template.Request!);
            var current = Summary(request, template.Daypart);
            var compared = template.CompareRequest is { } c ? Summary(scope.Apply(c), template.Daypart) : null;
            return (Scope: scope, Current: await current, Compared: compared is null ? null : await compared);
        }));
        foreach (var (scope, current, compared) in answers)
        {
            if ((current.Problem ?? compared?.Problem) is { } problem)
            {
                return ReportServices.Failed<MultiScopeSummaryResponse>(problem with { Detail = $"{scope.Text}: {problem.Detail}" }) switch
                {
                    { Result: ProblemHttpResult p } => p,
                    { Result: var other } => (ValidationProblem)other,
                };
            }
        }

        return TypedResults.Json(new MultiScopeSummaryResponse(
            [.. answers.Select(a => new ScopeSummaryRow(a.Scope.Text, Shape(a.Current.Report!, a.Compared?.Report)))]));
    }

    private static SummaryStatsResponse Shape(SummaryReport report, SummaryReport? compared) =>
        new(report, compared is null ? null : new SummaryCompare(report, compared));

    private static QueryCollection WithStation(IQueryCollection query)
    {
        var values = query.ToDictionary(p => p.Key, p => p.Value);
        values["station"] = "placeholder";
        values.Remove("server");
        values.Remove("mount");
        return new QueryCollection(values);
    }

    private static async Task<Results<Ok<TResponse>, ProblemHttpResult, ValidationProblem>> RunAsync<TReport, TResponse>(
        ReportServices services, Func<ReportRequest, Task<ReportResult<TReport>>> call, Func<TReport, TReport?, TResponse> shape)
        where TReport : class
    {
        if (!services.TryGetRequest(out var request, out var invalid))
        {
            return invalid!;
        }

        var current = call(request);
        var compared = services.Query.CompareRequest is { } c ? call(c) : null;
        var result = await current;
        if (compared is not null && (await compared).Problem is { } problem && result.Report is not null)
        {
            return ReportServices.Failed<TResponse>(problem with { Detail = $"compared period: {problem.Detail}", Parameter = "compare" });
        }

        return ReportServices.Answer(result, r => shape(r, compared?.Result.Report));
    }
}
