using Asteroid.Analytics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Asteroid.Web.Reports;

/// <summary><c>POST /api/asteroid/admin/reconcile?station=&amp;date=</c> (or <c>server=&amp;mount=</c>):
/// recomputes the day from raw sessions, compares it with the incremental aggregate and repairs it.</summary>
public static class ReconcileApi
{
    public static IEndpointRouteBuilder MapReconcile(this IEndpointRouteBuilder api)
    {
        api.MapPost("/admin/reconcile", ReconcileAsync).WithMetadata(new AllowsSingleDate()).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<ReconcileResult>, ProblemHttpResult, ValidationProblem>> ReconcileAsync(HttpRequest http, [AsParameters] ReportServices services)
    {
        if (!http.Query.ContainsKey("date"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["date"] = ["date is required: the local day to reconcile, such as 2026-11-20"] });
        }

        if (!services.TryGetRequest(out var request, out var invalid))
        {
            return invalid!;
        }

        var result = await services.Reports.Reconcile(request);
        return ReportServices.Answer(result, r => r);
    }
}
