using Asteroid.Reports;
using Asteroid.Web.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Asteroid.Web.Reports;

/// <summary><c>GET /api/asteroid/stats/sources?{scope}&amp;from&amp;to[&amp;traffic=]</c>: where the
/// listeners come from — sessions, uniques and TLH per referrer host and per player kind, from the
/// raw sessions that start in the range (docs/metrics.md, "Traffic sources"). Same scope and access
/// rules as the other stats endpoints; <c>daypart=</c> keeps the sessions that start in its local hours; no <c>compare=</c>.</summary>
public static class SourcesApi
{
    private static readonly string[] Refused = ["compare"];

    public static IEndpointRouteBuilder MapSources(this IEndpointRouteBuilder api)
    {
        api.MapGet("/stats/sources", SourcesAsync).WithName("GetSourcesStats").ProducesProblem(StatusCodes.Status404NotFound).ScopedRead();
        return api;
    }

    private static async Task<Results<Ok<SourcesStatsResponse>, ProblemHttpResult, ValidationProblem>> SourcesAsync(
        HttpContext context, [AsParameters] ReportServices services)
    {
        var q = context.Request.Query;
        foreach (var refused in Refused.Where(n => q[n].ToString().Length > 0))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [refused] = [$"{refused}= is not available for /stats/sources"] },
                title: "The report parameters are not valid");
        }

        if (!services.TryGetRequest(out var request, out var problem))
        {
            return problem!;
        }

        var result = services.Query.Daypart is { } daypart ? await services.Reports.SourcesInDaypart(request, daypart) : await services.Reports.Sources(request);
        return ReportServices.Answer(result, r => new SourcesStatsResponse(r));
    }
}

/// <summary>The answer of <c>/stats/sources</c>.</summary>
public sealed class SourcesStatsResponse(SourcesReport report) : ReportResponse(report.Header)
{
    /// <summary>Per referrer host, most sessions first; <c>value</c> null: no referrer (a direct play, or a server that shows none).</summary>
    public IReadOnlyList<SourceRow> Referrers => report.Referrers;

    /// <summary>True when more referrer hosts had sessions than the <see cref="SourcesReport.MaxReferrers"/> listed.</summary>
    public bool ReferrersTruncated => report.ReferrersTruncated;

    /// <summary>Per player kind: web, app, smart-speaker, media-player, directory, unknown.</summary>
    public IReadOnlyList<SourceRow> PlayerKinds => report.PlayerKinds;

    /// <summary><c>net</c> or <c>gross</c>.</summary>
    public string Traffic => report.Traffic.ToString().ToLowerInvariant();

    /// <summary>Raw sessions are kept for <c>Retention:RawDays</c>: those that started before this may be gone.</summary>
    public DateTimeOffset RawSessionsRetainedSince => report.RetainedSince;

    /// <summary>True when the range reaches before <see cref="RawSessionsRetainedSince"/>.</summary>
    public bool Partial => report.Partial;
}
