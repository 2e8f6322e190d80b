using Asteroid.Reports;
using Asteroid.Web.Reports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Asteroid.Web.Shows;

/// <summary>The <c>shows</c> dataset of <c>/stats/export</c>: one row per episode of
/// <c>/stats/shows</c> (same parameters: <c>traffic=</c>, <c>daypart=</c>), ordered as the report
/// ranks the shows, as CSV or JSON. The retention curve and week-over-week are in the report only.</summary>
public static class ShowsExport
{
    public static readonly string[] Columns =
        ["show", "name", "start", "end", "oneOff", .. MetricsFields.Names, "tuneIns", "tuneOuts", "listenersAtStart"];

    public static async Task<Results<EmptyHttpResult, ProblemHttpResult, ValidationProblem>> ExportAsync(
        HttpContext context, string format, ReportServices services)
    {
        var (request, _, invalid) = ShowsApi.Parse(services);
        if (request is null)
        {
            return invalid!;
        }

        var result = await ShowsApi.Reports(services.Grains).Shows(request, services.Query.Daypart, comparePrevious: false);
        if (result.Problem is { } problem)
        {
            return ReportServices.Failed<Results<EmptyHttpResult, ProblemHttpResult, ValidationProblem>>(problem, p => p, p => p);
        }

        ExportApi.StartDownload(context, services.Query, "shows", format);
        await using var table = TableWriter.Create(format, context.Response.Body, Columns);
        foreach (var show in result.Report!.Shows)
        {
            foreach (var e in show.Episodes)
            {
                await table.WriteRowAsync([show.ShowId, show.Name, e.Start, e.End, e.OneOff, .. MetricsFields.Cells(e.Metrics), e.TuneIns, e.TuneOuts,
                    e.Retention.ListenersAtStart]);
            }
        }

        return TypedResults.Empty;
    }
}
