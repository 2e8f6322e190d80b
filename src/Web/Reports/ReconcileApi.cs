using Asteroid.Analytics;
using Asteroid.Stations;

namespace Asteroid.Web.Reports;

/// <summary><c>POST /api/asteroid/admin/reconcile?station=&amp;date=</c> (or <c>server=&amp;mount=</c>):
/// recomputes the day from raw sessions, compares it with the incremental aggregate and repairs it.</summary>
public static class ReconcileApi
{
    public static IEndpointRouteBuilder MapReconcile(this IEndpointRouteBuilder api)
    {
        api.MapPost("/admin/reconcile", async (HttpRequest request, StationResolver stations, IGrainFactory grains, Reconciler reconciler, CancellationToken ct) =>
        {
            if (!request.Query.ContainsKey("date"))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["date"] = ["date is required: the local day to reconcile, such as 2026-11-20"] });
            }

            var (query, problem) = await ReportQuery.ParseAsync(request, stations, grains, allowSingleDate: true);
            return problem ?? TypedResults.Ok(await reconciler.ReconcileAsync(query!.Scope, query.From, ct));
        });
        return api;
    }
}
