using Asteroid.Analytics;
using Asteroid.Reports;

namespace Asteroid.Shows;

/// <summary>The show report contract: resolves the scope (<see cref="ScopeResolver"/>, the rules of
/// every report), reads the schedule of its station and asks <see cref="ShowReports"/>. Shows and
/// dayparts belong to a station: a station, or a mount of one (its sessions, the station's
/// schedule); other scopes are refused. Activates on the calling silo.</summary>
[StatelessWorker, Reentrant, GrainType("show-report")]
public sealed class ShowReportGrain(ScopeResolver resolver, DaypartResolver dayparts, ShowReports reports) : Grain, IShowReportGrain
{
    public async Task<ReportResult<ShowsReport>> Shows(ReportRequest request, string? daypart, bool comparePrevious)
    {
        var (scope, schedule, part, problem) = await ResolveAsync(request, daypart);
        return scope is null
            ? ReportResult<ShowsReport>.Failed(problem!)
            : ReportResult<ShowsReport>.Of(await reports.ShowsAsync(scope, schedule!, part, request.Traffic == Traffic.Net, comparePrevious, CancellationToken.None));
    }

    public Task<ReportResult<DailyReport>> DaypartDaily(ReportRequest request, string daypart) =>
        InDaypartAsync(request, daypart, reports.DaypartDailyAsync);

    public Task<ReportResult<HourlyReport>> DaypartHourly(ReportRequest request, string daypart) =>
        InDaypartAsync(request, daypart, reports.DaypartHourlyAsync);

    public Task<ReportResult<SummaryReport>> DaypartSummary(ReportRequest request, string daypart) =>
        InDaypartAsync(request, daypart, reports.DaypartSummaryAsync);

    public Task<ReportResult<GeoReport>> DaypartGeo(ReportRequest request, string daypart) =>
        InDaypartAsync(request, daypart, reports.DaypartGeoAsync);

    /// <summary>A report over the daypart's hours: the scope and daypart resolved, then <paramref name="report"/>.</summary>
    private async Task<ReportResult<T>> InDaypartAsync<T>(ReportRequest request, string daypart,
        Func<ReportScope, Daypart, bool, CancellationToken, Task<T>> report) where T : class
    {
        var (scope, _, part, problem) = await ResolveAsync(request, daypart);
        return scope is null
            ? ReportResult<T>.Failed(problem!)
            : ReportResult<T>.Of(await report(scope, part!, request.Traffic == Traffic.Net, CancellationToken.None));
    }

    private async Task<(ReportScope? Scope, StationSchedule? Schedule, Daypart? Daypart, ReportProblem? Problem)> ResolveAsync(ReportRequest request, string? daypart)
    {
        if (DaypartResolver.CheckRange(request) is { } rangeProblem)
        {
            return (null, null, null, rangeProblem);
        }

        var (scope, problem) = await resolver.ResolveAsync(request);
        if (scope is null)
        {
            return (null, null, null, problem);
        }

        var (schedule, part, partProblem) = await dayparts.ResolveAsync(scope, daypart);
        return schedule is null ? (null, null, null, partProblem) : (scope, schedule, part, null);
    }
}
