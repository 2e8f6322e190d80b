using Asteroid.Reports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Asteroid.Web.Reports;

/// <summary>What every report endpoint takes (bound with <c>[AsParameters]</c>): the parsed query
/// and the report contract, reached on this silo.</summary>
public sealed record class ReportServices(ReportQuery Query, IGrainFactory Grains)
{
    public IReportGrain Reports => Grains.GetGrain<IReportGrain>(IReportGrain.Key);

    /// <summary>The request, or the ValidationProblem of a malformed query.</summary>
    public bool TryGetRequest(out ReportRequest request, out ValidationProblem? problem)
    {
        request = Query.Request!;
        problem = Query.Errors is { } errors ? TypedResults.ValidationProblem(errors, title: "The report parameters are not valid") : null;
        return problem is null;
    }

    /// <summary>The HTTP answer to a report problem: the 404 of an unknown station or server, the
    /// 409 of numbers that are not known (gross traffic of days stored before it existed), or the
    /// 400 of a range the zone cannot count in.</summary>
    public static Results<Ok<T>, ProblemHttpResult, ValidationProblem> Failed<T>(ReportProblem problem) =>
        Failed<Results<Ok<T>, ProblemHttpResult, ValidationProblem>>(problem, p => p, p => p);

    /// <summary>The same answer in any result union that holds both problem kinds (the export's).</summary>
    public static TResult Failed<TResult>(ReportProblem problem, Func<ProblemHttpResult, TResult> problemResult, Func<ValidationProblem, TResult> invalid) => problem.Kind switch
    {
        ReportProblemKind.NotFound => problemResult(TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: problem.Title, detail: problem.Detail)),
        ReportProblemKind.Unavailable => problemResult(TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: problem.Title, detail: problem.Detail,
            extensions: new Dictionary<string, object?> { ["grossAvailable"] = false })),
        _ => invalid(TypedResults.ValidationProblem(new Dictionary<string, string[]> { [problem.Parameter ?? "query"] = [problem.Detail] }, title: problem.Title)),
    };

    /// <summary>A report's answer: 200 with its response, or its problem.</summary>
    public static Results<Ok<TResponse>, ProblemHttpResult, ValidationProblem> Answer<TReport, TResponse>(ReportResult<TReport> result, Func<TReport, TResponse> shape)
        where TReport : class =>
        result.Report is { } report ? TypedResults.Ok(shape(report)) : Failed<TResponse>(result.Problem!);
}
