using Asteroid.Analytics;
using Asteroid.Reports;

namespace Asteroid.Shows;

/// <summary>The show report contract: resolves the scope (<see cref="ScopeResolver"/>, the rules of
/// every report), reads the schedule of its station and asks <see cref="ShowReports"/>. Shows and
/// dayparts belong to a station: a station, or a mount of one (its sessions, the station's
/// schedule); other scopes are refused. Activates on the calling silo.</summary>
[StatelessWorker, Reentrant, GrainType("show-report")]
public sealed class ShowReportGrain(ScopeResolver resolver, ShowReports reports) : Grain, IShowReportGrain
{
    public async Task<ReportResult<ShowsReport>> Shows(ReportRequest request, string? daypart, bool comparePrevious)
    {
        var (scope, schedule, part, problem) = await ResolveAsync(request, daypart);
        return scope is null
            ? ReportResult<ShowsReport>.Failed(problem!)
            : ReportResult<ShowsReport>.Of(await reports.ShowsAsync(scope, schedule!, part, request.Traffic == Traffic.Net, comparePrevious, CancellationToken.None));
    }

    public async Task<ReportResult<DailyReport>> DaypartDaily(ReportRequest request, string daypart)
    {
        var (scope, _, part, problem) = await ResolveAsync(request, daypart);
        return scope is null
            ? ReportResult<DailyReport>.Failed(problem!)
            : ReportResult<DailyReport>.Of(await reports.DaypartDailyAsync(scope, part!, request.Traffic == Traffic.Net, CancellationToken.None));
    }

    public async Task<ReportResult<HourlyReport>> DaypartHourly(ReportRequest request, string daypart)
    {
        var (scope, _, part, problem) = await ResolveAsync(request, daypart);
        return scope is null
            ? ReportResult<HourlyReport>.Failed(problem!)
            : ReportResult<HourlyReport>.Of(await reports.DaypartHourlyAsync(scope, part!, request.Traffic == Traffic.Net, CancellationToken.None));
    }

    public async Task<ReportResult<SummaryReport>> DaypartSummary(ReportRequest request, string daypart)
    {
        var (scope, _, part, problem) = await ResolveAsync(request, daypart);
        return scope is null
            ? ReportResult<SummaryReport>.Failed(problem!)
            : ReportResult<SummaryReport>.Of(await reports.DaypartSummaryAsync(scope, part!, request.Traffic == Traffic.Net, CancellationToken.None));
    }

    public async Task<ReportResult<GeoReport>> DaypartGeo(ReportRequest request, string daypart)
    {
        var (scope, _, part, problem) = await ResolveAsync(request, daypart);
        return scope is null
            ? ReportResult<GeoReport>.Failed(problem!)
            : ReportResult<GeoReport>.Of(await reports.DaypartGeoAsync(scope, part!, request.Traffic == Traffic.Net, CancellationToken.None));
    }

    private async Task<(ReportScope? Scope, StationSchedule? Schedule, Daypart? Daypart, ReportProblem? Problem)> ResolveAsync(ReportRequest request, string? daypart)
    {
        if (request.To.DayNumber - request.From.DayNumber + 1 > IShowReportGrain.MaxDays)
        {
            return (null, null, null, new ReportProblem(ReportProblemKind.Invalid, "The report parameters are not valid",
                $"shows and dayparts are computed from the raw sessions: a range is at most {IShowReportGrain.MaxDays} days", request.SingleDate ? "date" : "to"));
        }

        if (request.From.Year < 2 || request.To.Year > 9998)
        {
            // episodes and the week before are looked up around the range: keep that inside the calendar
            return (null, null, null, new ReportProblem(ReportProblemKind.Invalid, "The report parameters are not valid",
                "shows and dayparts cover dates from 0002-01-01 to 9998-12-31", request.From.Year < 2 ? "from" : "to"));
        }

        var (scope, problem) = await resolver.ResolveAsync(request);
        if (scope is null)
        {
            return (null, null, null, problem);
        }

        if (scope.Scope.Kind is not (Scope.StationKind or Scope.MountKind) || scope.Header.Station is not { Length: > 0 } station)
        {
            return (null, null, null, new ReportProblem(ReportProblemKind.Invalid, "The report parameters are not valid",
                "shows and dayparts belong to a station: give station= (or server= and mount= of a station's mount)", "station"));
        }

        var schedule = await GrainFactory.GetGrain<IStationScheduleGrain>(station).Schedule();
        Daypart? part = null;
        if (daypart is { Length: > 0 })
        {
            part = schedule.Dayparts.FirstOrDefault(d => d.Id == daypart);
            if (part is null)
            {
                return (null, null, null, new ReportProblem(ReportProblemKind.Invalid, "The report parameters are not valid",
                    $"station '{station}' has no daypart '{daypart}' (it has {string.Join(", ", schedule.Dayparts.Select(d => d.Id))})", "daypart"));
            }
        }

        return (scope, schedule, part, null);
    }
}
