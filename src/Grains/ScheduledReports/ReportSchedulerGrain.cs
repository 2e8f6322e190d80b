using Asteroid.Alerts;
using Asteroid.Stations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Asteroid.ScheduledReports;

/// <summary>Every <c>ScheduledReports:CheckSeconds</c> on a grain timer (kept alive by the keep-alive
/// reminder): for each enabled schedule, asks <see cref="ReportPeriods.Due"/> which period is due in the
/// scope's zone and creates its run (a unique row per schedule and period: created once whatever the
/// restarts); then builds the runs waiting to be built (<see cref="ScheduledReportBuilder"/>), each
/// stored with its deliveries in one transaction, which the alert delivery worker sends. Old runs
/// are deleted after <c>Alerts:HistoryDays</c>.</summary>
[GrainType("report-scheduler")]
public sealed partial class ReportSchedulerGrain(
    ReportScheduleStore store,
    ScheduledReportBuilder builder,
    StationResolver stations,
    TimeProvider time,
    IOptions<ScheduledReportOptions> options,
    IOptions<AlertOptions> alertOptions,
    IOptions<KeepAliveOptions> keepAlive,
    ILogger<ReportSchedulerGrain> logger) : Grain, IReportSchedulerGrain, IRemindable
{
    private const int BatchSize = 10;
    private PollSchedule? _schedule;
    private DateTimeOffset? _pruned;

    private PollSchedule Schedule => _schedule ??= new PollSchedule(this, _ => TickAsync(), keepAlive.Value.ReminderPeriod);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Schedule.Start(TimeSpan.FromSeconds(options.Value.CheckSeconds));
        return Task.CompletedTask;
    }

    public async Task EnsureRunning()
    {
        Schedule.Start(TimeSpan.FromSeconds(options.Value.CheckSeconds));
        await Schedule.KeepAliveAsync();
    }

    public Task BuildNow() => BuildAsync();

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask; // activation starts the timer

    private async Task TickAsync()
    {
        try
        {
            var now = time.GetUtcNow();
            var delay = TimeSpan.FromMinutes(options.Value.DelayMinutes);
            foreach (var schedule in (await store.ListAsync()).Where(s => s.Enabled))
            {
                var zone = await stations.ZoneOfAsync(AlertEvaluatorGrain.ScopeOf(schedule.Scope));
                if (ReportPeriods.Due(schedule.Period, zone, schedule.ActiveSince, now, delay) is { } period
                    && await store.TryCreateRunAsync(schedule.Id, ReportRunTriggers.Scheduled, period, now) is { } run)
                {
                    LogDue(logger, schedule.Id, period, run);
                }
            }

            await BuildAsync();
            if (_pruned is null || now - _pruned > TimeSpan.FromDays(1))
            {
                _pruned = now;
                await store.PruneAsync(now.AddDays(-alertOptions.Value.HistoryDays));
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogTickFailed(logger, e);
        }
    }

    private async Task BuildAsync()
    {
        var lease = TimeSpan.FromMinutes(10);
        IReadOnlyList<RunToBuild> runs;
        do
        {
            runs = await store.ClaimBuildingAsync(BatchSize, lease, time.GetUtcNow());
            foreach (var run in runs)
            {
                await BuildOneAsync(run);
            }
        }
        while (runs.Count == BatchSize);
    }

    private async Task BuildOneAsync(RunToBuild run)
    {
        if (await store.GetAsync(run.ScheduleId) is not { } schedule)
        {
            return; // deleted: its runs went with it
        }

        try
        {
            var report = await builder.BuildAsync(schedule, run.Period, run.Trigger);
            await store.CompleteRunAsync(run.Id, schedule, report, time.GetUtcNow());
            LogQueued(logger, schedule.Id, run.Period, run.Id, report.Files.Count, schedule.Deliveries.Count);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var attempts = run.Attempts + 1;
            DateTimeOffset? retry = attempts >= options.Value.BuildAttempts ? null : time.GetUtcNow() + TimeSpan.FromMinutes(Math.Pow(2, attempts - 1));
            await store.FailBuildAsync(run.Id, e is ReportBuildException ? e.Message : $"{e.GetType().Name}: {e.Message}", retry);
            LogBuildFailed(logger, e, schedule.Id, run.Period, run.Id, attempts, retry);
        }
    }

    [LoggerMessage(EventId = 2620, Level = LogLevel.Information, Message = "Scheduled report {Schedule} is due for {Period}: run {Run}")]
    private static partial void LogDue(ILogger logger, string schedule, ReportPeriod period, long run);

    [LoggerMessage(EventId = 2621, Level = LogLevel.Information, Message = "Report {Schedule} {Period} (run {Run}) built with {Files} file(s), queued to {Deliveries} target(s)")]
    private static partial void LogQueued(ILogger logger, string schedule, ReportPeriod period, long run, int files, int deliveries);

    [LoggerMessage(EventId = 2622, Level = LogLevel.Warning, Message = "Report {Schedule} {Period} (run {Run}) could not be built (attempt {Attempts}); next attempt at {Retry:O} (none: failed)")]
    private static partial void LogBuildFailed(ILogger logger, Exception exception, string schedule, ReportPeriod period, long run, int attempts, DateTimeOffset? retry);

    [LoggerMessage(EventId = 2623, Level = LogLevel.Warning, Message = "Scheduled reports could not be checked (PostgreSQL or the cluster unavailable); retrying at the next interval")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}
