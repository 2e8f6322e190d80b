using Asteroid.Analytics;

namespace Asteroid.Reports;

/// <summary>Answers the report contract on the silo that calls it (a reentrant stateless worker:
/// it holds no state, so requests run side by side), from this silo's cache of parsed stored days.
/// Thin: the scope comes from <see cref="ScopeResolver"/>, the days from <see cref="ReportDays"/>
/// (day metrics) and <see cref="GeoDays"/> (country and city cells; only geo and summary read them),
/// the records from <see cref="ReportBuilder"/>.</summary>
[StatelessWorker, Reentrant, GrainType("report")]
public sealed class ReportGrain(
    ScopeResolver resolver, StoredDayCache storedDays, AggregateStore store, Reconciler reconciler, LiveDetailStore liveDetail, TimeProvider time)
    : Grain, IReportGrain
{
    public async Task<ReportResult<ReportHeader>> Resolve(ReportRequest request)
    {
        var (scope, problem) = await resolver.ResolveAsync(request);
        return scope is null ? ReportResult<ReportHeader>.Failed(problem!) : ReportResult<ReportHeader>.Of(scope.Header);
    }

    public Task<ReportResult<DailyReport>> Daily(ReportRequest request) => RunAsync(request, ReportBuilder.Daily);

    public Task<ReportResult<HourlyReport>> Hourly(ReportRequest request) => RunAsync(request, ReportBuilder.Hourly);

    /// <summary>Geo days only (<c>geo_stats</c> and the geo grains), never the day metrics.</summary>
    public async Task<ReportResult<GeoReport>> Geo(ReportRequest request)
    {
        var (scope, problem) = await resolver.ResolveAsync(request);
        if (scope is null)
        {
            return ReportResult<GeoReport>.Failed(problem!);
        }

        return ReportResult<GeoReport>.Of(ReportBuilder.Geo(scope.Header, await GeoDays.LoadAsync(scope, storedDays, GrainFactory, time, CancellationToken.None)));
    }

    public async Task<ReportResult<SummaryReport>> Summary(ReportRequest request)
    {
        var (scope, problem) = await resolver.ResolveAsync(request);
        if (scope is null)
        {
            return ReportResult<SummaryReport>.Failed(problem!);
        }

        var days = ReportDays.LoadAsync(scope, storedDays, store, GrainFactory, time, CancellationToken.None, withBreakdowns: true);
        var geo = GeoDays.LoadAsync(scope, storedDays, GrainFactory, time, CancellationToken.None);
        return ReportResult<SummaryReport>.Of(ReportBuilder.Summary(await days, await geo));
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
    private async Task<ReportResult<T>> RunAsync<T>(ReportRequest request, Func<ReportDays, T> build)
        where T : class
    {
        var (scope, problem) = await resolver.ResolveAsync(request);
        if (scope is null)
        {
            return ReportResult<T>.Failed(problem!);
        }

        var days = await ReportDays.LoadAsync(scope, storedDays, store, GrainFactory, time, CancellationToken.None);
        return ReportResult<T>.Of(build(days));
    }
}
