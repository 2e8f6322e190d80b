using Asteroid.Analytics;
using Asteroid.Web.Access;
using Asteroid.Web.Access.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Asteroid.Web.Reports;

/// <summary><c>POST /api/asteroid/admin/reconcile?station=&amp;date=</c> (or <c>server=&amp;mount=</c>):
/// recomputes the day from raw sessions, compares it with the incremental aggregate and repairs it.</summary>
public static class ReconcileApi
{
    public static IEndpointRouteBuilder MapReconcile(this IEndpointRouteBuilder api)
    {
        api.MapPost("/admin/reconcile", ReconcileAsync).WithMetadata(new AllowsSingleDate()).ProducesProblem(StatusCodes.Status404NotFound).AdminOnly();
        return api;
    }

    private static async Task<Results<Ok<ReconcileResult>, ProblemHttpResult, ValidationProblem>> ReconcileAsync(HttpRequest http, [AsParameters] ReportServices services, AuditLog audit)
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
        if (result.Report is { } report)
        {
            await audit.WriteAsync(http.HttpContext.User, "reconcile", report.Scope + " " + report.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                null, new { report.Matched, report.Differences, report.Sessions });
        }

        return ReportServices.Answer(result, r => r);
    }
}
