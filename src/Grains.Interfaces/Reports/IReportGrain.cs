namespace Asteroid.Reports;

/// <summary>The reports, computed from the day aggregates (never from a scan of raw sessions;
/// definitions in docs/metrics.md). A stateless worker (key <see cref="Key"/>): it activates on
/// the silo that calls it, so each node answers from its own cache of parsed stored days without
/// a hop. Days of the last 48 hours come from their day grains, with open sessions counted up to
/// now.</summary>
[Alias("asteroid.report")]
public interface IReportGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>The resolved scope of a request (or why it has none), without computing a report.</summary>
    [Alias("resolve")]
    Task<ReportResult<ReportHeader>> Resolve(ReportRequest request);

    [Alias("daily")]
    Task<ReportResult<DailyReport>> Daily(ReportRequest request);

    [Alias("hourly")]
    Task<ReportResult<HourlyReport>> Hourly(ReportRequest request);

    [Alias("geo")]
    Task<ReportResult<GeoReport>> Geo(ReportRequest request);

    [Alias("summary")]
    Task<ReportResult<SummaryReport>> Summary(ReportRequest request);

    /// <summary>One page of the sessions behind a figure (raw sessions; <see cref="SessionListRequest"/>).</summary>
    [Alias("sessions")]
    Task<ReportResult<SessionPage>> Sessions(SessionListRequest request);

    /// <summary>Where listeners come from: per referrer host and player kind (raw sessions; <see cref="SourcesReport"/>).</summary>
    [Alias("sources")]
    Task<ReportResult<SourcesReport>> Sources(ReportRequest request);

    /// <summary>As <see cref="Sources"/>, over the sessions that start in the local hours of one of the station's dayparts.</summary>
    [Alias("sources-daypart")]
    Task<ReportResult<SourcesReport>> SourcesInDaypart(ReportRequest request, string daypart);

    /// <summary>Recomputes the day <see cref="ReportRequest.From"/> from raw sessions, compares it
    /// with the incremental aggregate and repairs the aggregate if they differ.</summary>
    [Alias("reconcile")]
    Task<ReportResult<Analytics.ReconcileResult>> Reconcile(ReportRequest request);

    /// <summary>A mount's listener counts since <paramref name="since"/> (the live page's sparkline).</summary>
    [Alias("snapshots")]
    Task<IReadOnlyList<SnapshotPoint>> Snapshots(string server, string mount, DateTimeOffset since);
}

/// <summary>A mount's listener count at one poll.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.snapshot-point")]
public sealed record class SnapshotPoint([property: Id(0)] DateTimeOffset At, [property: Id(1)] int Listeners);
