using Asteroid.Alerts;

namespace Asteroid.ScheduledReports;

/// <summary>A scheduled report (<c>/api/asteroid/admin/report-schedules/{id}</c>, docs/alerts.md
/// "Scheduled reports"): the KPIs of each closed <see cref="Period"/> of the scope (a station, a group
/// or, null, the network) in its time zone, with the CSVs of <see cref="Attachments"/> and, for a
/// station's monthly report with <see cref="Royalties"/>, the month's royalty files, sent to
/// <see cref="Deliveries"/> (the alert rules' targets). <see cref="ActiveSince"/>: when it was created
/// or its period or scope last changed; only periods that end after it are sent.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.reports.schedule")]
public sealed record class ReportSchedule(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Period,
    [property: Id(3)] AlertScope? Scope,
    [property: Id(4)] IReadOnlyList<AlertDeliveryTarget> Deliveries,
    [property: Id(5)] IReadOnlyList<string> Attachments,
    [property: Id(6)] bool Royalties = false,
    [property: Id(7)] bool Enabled = true,
    [property: Id(8)] DateTimeOffset ActiveSince = default,
    [property: Id(9)] DateTimeOffset UpdatedAt = default);

/// <summary>One run of a schedule: a <c>scheduled</c> one (at most one per period) or a <c>manual</c>
/// one ("send now", of the last closed period); <see cref="Status"/> <c>building</c> (the report is
/// being computed), <c>queued</c> (its deliveries are in the delivery queue: see
/// <see cref="Deliveries"/>) or <c>failed</c> (it could not be built: <see cref="Error"/>).</summary>
[GenerateSerializer, Immutable, Alias("asteroid.reports.run")]
public sealed record class ReportRun(
    [property: Id(0)] long Id,
    [property: Id(1)] string ScheduleId,
    [property: Id(2)] string Trigger,
    [property: Id(3)] string Period,
    [property: Id(4)] DateOnly From,
    [property: Id(5)] DateOnly To,
    [property: Id(6)] string Status,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] string? Subject,
    [property: Id(9)] string? Error,
    [property: Id(10)] IReadOnlyList<ReportFileInfo> Files,
    [property: Id(11)] IReadOnlyList<AlertDelivery> Deliveries);

/// <summary>An attachment of a run: its file name, size and whether it was cut at the size limit.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.reports.file-info")]
public sealed record class ReportFileInfo([property: Id(0)] string Name, [property: Id(1)] long Bytes, [property: Id(2)] bool Truncated);

public static class ReportPeriodKinds
{
    public const string Daily = "daily";
    public const string Weekly = "weekly";
    public const string Monthly = "monthly";

    public static readonly IReadOnlyList<string> All = [Daily, Weekly, Monthly];
}

/// <summary>The CSVs a report can carry: the datasets of <c>/stats/export</c> of the same names.</summary>
public static class ReportAttachmentKinds
{
    public const string Daily = "daily";
    public const string Geo = "geo";
    public const string Sessions = "sessions";

    public static readonly IReadOnlyList<string> All = [Daily, Geo, Sessions];
}

public static class ReportRunTriggers
{
    public const string Scheduled = "scheduled";
    public const string Manual = "manual";
}

public static class ReportRunStatus
{
    public const string Building = "building";
    public const string Queued = "queued";
    public const string Failed = "failed";
}

/// <summary>The schedules and their runs (PostgreSQL); a stateless worker in front of the store, for the admin API.</summary>
[Alias("asteroid.reports.schedules")]
public interface IReportSchedulesGrain : IGrainWithStringKey
{
    public const string Key = "default";

    [Alias("list")]
    Task<IReadOnlyList<ReportSchedule>> List();

    [Alias("get")]
    Task<ReportSchedule?> Get(string id);

    /// <summary>Stores the schedule (a webhook without a secret keeps the stored one of the same URL);
    /// returns it and whether it is new.</summary>
    [Alias("put")]
    Task<(ReportSchedule Schedule, bool Created)> Put(ReportSchedule schedule);

    [Alias("delete")]
    Task<bool> Delete(string id);

    /// <summary>"Send now": a manual run of the last closed period, built and queued at once; null for an unknown schedule.</summary>
    [Alias("send-now")]
    Task<ReportRun?> SendNow(string id);

    /// <summary>The schedule's runs, newest first, with their deliveries and attempts.</summary>
    [Alias("runs")]
    Task<IReadOnlyList<ReportRun>> Runs(string id, int limit);
}

/// <summary>Finds due periods and builds runs every <c>Reports:Schedule:CheckSeconds</c> (one grain for
/// the network, key <see cref="Key"/>; a keep-alive reminder brings it back after a restart).</summary>
[Alias("asteroid.reports.scheduler")]
public interface IReportSchedulerGrain : IGrainWithStringKey
{
    public const string Key = "network";

    /// <summary>Starts the timer and the keep-alive reminder (idempotent); interleaves with a build in progress.</summary>
    [Alias("ensure-running"), AlwaysInterleave]
    Task EnsureRunning();

    /// <summary>Builds the runs waiting to be built now (after "send now").</summary>
    [Alias("build-now")]
    Task BuildNow();
}
