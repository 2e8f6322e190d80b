using Asteroid.Analytics;
using Asteroid.Retention;
using Microsoft.Extensions.Options;

namespace Asteroid.Reports;

/// <summary>Answers the report contract on the silo that calls it (a reentrant stateless worker:
/// it holds no state, so requests run side by side), from this silo's cache of parsed stored days.
/// Thin: the scope comes from <see cref="ScopeResolver"/>, the days from <see cref="ReportDays"/>
/// (day metrics) and <see cref="GeoDays"/> (country and city cells; only geo and summary read them),
/// the records from <see cref="ReportBuilder"/>.</summary>
[StatelessWorker, Reentrant, GrainType("report")]
public sealed class ReportGrain(
    ScopeResolver resolver, StoredDayCache storedDays, AggregateStore store, Reconciler reconciler, LiveDetailStore liveDetail, TrafficRebuild rebuild,
    SessionExportStore sessions, SourcesStore sources, Shows.DaypartResolver dayparts, IOptions<RetentionOptions> retention, TimeProvider time)
    : Grain, IReportGrain
{
    public async Task<ReportResult<ReportHeader>> Resolve(ReportRequest request)
    {
        var (scope, problem) = await resolver.ResolveAsync(request);
        return scope is null ? ReportResult<ReportHeader>.Failed(problem!) : ReportResult<ReportHeader>.Of(scope.Header);
    }

    public Task<ReportResult<DailyReport>> Daily(ReportRequest request) => RunAsync(request, ReportBuilder.Daily, request.Traffic == Traffic.Gross);

    /// <summary>Hourly rows carry <c>sessionsEnded</c>, so days stored before it existed are rebuilt first where they can be.</summary>
    public Task<ReportResult<HourlyReport>> Hourly(ReportRequest request) => RunAsync(request, ReportBuilder.Hourly, complete: true);

    /// <summary>Geo days only (<c>geo_stats</c> and the geo grains), never the day metrics.</summary>
    public async Task<ReportResult<GeoReport>> Geo(ReportRequest request)
    {
        var (scope, problem) = await resolver.ResolveAsync(request);
        if (scope is null)
        {
            return ReportResult<GeoReport>.Failed(problem!);
        }

        var geo = await GeoDays.LoadAsync(scope, storedDays, GrainFactory, time, CancellationToken.None, request.Traffic, rebuild);
        return geo.GrossUnknownDates.Count > 0
            ? ReportResult<GeoReport>.Failed(GrossUnknown(geo.GrossUnknownDates))
            : ReportResult<GeoReport>.Of(ReportBuilder.Geo(scope.Header, geo));
    }

    public async Task<ReportResult<SummaryReport>> Summary(ReportRequest request)
    {
        var (scope, problem) = await resolver.ResolveAsync(request);
        if (scope is null)
        {
            return ReportResult<SummaryReport>.Failed(problem!);
        }

        // Rebuilds (where raw sessions are retained) the days stored before gross traffic or the traffic sources were counted.
        var days = ReportDays.LoadAsync(scope, storedDays, store, GrainFactory, time, CancellationToken.None, withBreakdowns: true, request.Traffic, rebuild);
        var geo = GeoDays.LoadAsync(scope, storedDays, GrainFactory, time, CancellationToken.None, request.Traffic, rebuild);
        var unknown = (await days).GrossUnknownDates.Union((await geo).GrossUnknownDates).Order().ToList();
        return unknown.Count > 0
            ? ReportResult<SummaryReport>.Failed(GrossUnknown(unknown))
            : ReportResult<SummaryReport>.Of(ReportBuilder.Summary(await days, await geo));
    }

    /// <summary>Raw sessions, one indexed page (the only report that reads them).</summary>
    public async Task<ReportResult<SessionPage>> Sessions(SessionListRequest request)
    {
        var (scope, windows, problem) = await dayparts.ScopeAndWindowsAsync(resolver, request.Report, request.Filter.Daypart);
        if (scope is null)
        {
            return ReportResult<SessionPage>.Failed(problem!);
        }

        var (rows, next) = await sessions.PageAsync(scope, request, windows, CancellationToken.None);
        var retainedSince = time.GetUtcNow().AddDays(-retention.Value.RawDays);
        return ReportResult<SessionPage>.Of(new SessionPage(rows, next, retainedSince, scope.FirstDay.Start < retainedSince.ToUnixTimeSeconds(), request.Report.Traffic));
    }

    /// <summary>Raw sessions grouped by referrer host and by player kind.</summary>
    public Task<ReportResult<SourcesReport>> Sources(ReportRequest request) => SourcesAsync(request, null);

    public Task<ReportResult<SourcesReport>> SourcesInDaypart(ReportRequest request, string daypart) => SourcesAsync(request, daypart);

    private async Task<ReportResult<SourcesReport>> SourcesAsync(ReportRequest request, string? daypart)
    {
        var (scope, windows, problem) = await dayparts.ScopeAndWindowsAsync(resolver, request, daypart);
        if (scope is null)
        {
            return ReportResult<SourcesReport>.Failed(problem!);
        }

        var (referrers, truncated) = await sources.ByAsync(scope, request.Traffic, "referrer_host", SourcesReport.MaxReferrers, windows, CancellationToken.None);
        var (kinds, _) = await sources.ByAsync(scope, request.Traffic, "player_kind", Asteroid.Sources.PlayerKinds.All.Length * 4, windows, CancellationToken.None);
        var retainedSince = time.GetUtcNow().AddDays(-retention.Value.RawDays);
        return ReportResult<SourcesReport>.Of(new SourcesReport(scope.Header, referrers, kinds, truncated, retainedSince,
            scope.FirstDay.Start < retainedSince.ToUnixTimeSeconds(), request.Traffic));
    }

    public async Task<ReportResult<ReconcileResult>> Reconcile(ReportRequest request)
    {
        var (scope, problem) = await resolver.ResolveAsync(request);
        return scope is null
            ? ReportResult<ReconcileResult>.Failed(problem!)
            : ReportResult<ReconcileResult>.Of(await reconciler.ReconcileAsync(scope.Scope, scope.From, CancellationToken.None));
    }

    public async Task<IReadOnlyList<SnapshotPoint>> Snapshots(string server, string mount, DateTimeOffset since) =>
        await liveDetail.SnapshotsAsync(server, mount, since, CancellationToken.None);

    /// <summary>Day metrics without breakdowns, never geo.</summary>
    private async Task<ReportResult<T>> RunAsync<T>(ReportRequest request, Func<ReportDays, T> build, bool complete)
        where T : class
    {
        var (scope, problem) = await resolver.ResolveAsync(request);
        if (scope is null)
        {
            return ReportResult<T>.Failed(problem!);
        }

        var days = await ReportDays.LoadAsync(scope, storedDays, store, GrainFactory, time, CancellationToken.None, traffic: request.Traffic,
            rebuild: complete ? rebuild : null);
        return days.GrossUnknownDates.Count > 0 ? ReportResult<T>.Failed(GrossUnknown(days.GrossUnknownDates)) : ReportResult<T>.Of(build(days));
    }

    /// <summary>The problem of a gross report over days whose gross numbers are not known.</summary>
    private static ReportProblem GrossUnknown(IReadOnlyList<DateOnly> dates) => new(ReportProblemKind.Unavailable, "Gross traffic is not known for part of the range",
        $"{dates.Count} day(s) from {dates[0]:yyyy-MM-dd} to {dates[^1]:yyyy-MM-dd} were stored before gross traffic was counted and their raw sessions are "
        + "past Retention:RawDays, so only their net numbers exist. Ask for traffic=net, or a range after these days.", "traffic");
}
