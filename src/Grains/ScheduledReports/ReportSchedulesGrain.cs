using Asteroid.Alerts;
using Asteroid.Stations;

namespace Asteroid.ScheduledReports;

/// <summary>The admin API's way to the report schedules (<see cref="ReportScheduleStore"/>): a stateless worker.</summary>
[StatelessWorker, Reentrant, GrainType("report-schedules")]
public sealed class ReportSchedulesGrain(ReportScheduleStore store, StationResolver stations, TimeProvider time) : Grain, IReportSchedulesGrain
{
    public Task<IReadOnlyList<ReportSchedule>> List() => store.ListAsync();

    public Task<ReportSchedule?> Get(string id) => store.GetAsync(id);

    public async Task<(ReportSchedule Schedule, bool Created)> Put(ReportSchedule schedule)
    {
        var existing = await store.GetAsync(schedule.Id);
        var deliveries = schedule.Deliveries.Select(d => d.Webhook is { } url && d.Secret is null
            && existing?.Deliveries.FirstOrDefault(e => e.Webhook == url) is { Secret: { } kept }
                ? d with { Secret = kept }
                : d.Secret == "" ? d with { Secret = null } : d).ToList();
        var now = time.GetUtcNow();
        // A new period or scope starts afresh: no report of a past period is sent because of the change.
        var activeSince = existing is not null && existing.Period == schedule.Period && existing.Scope == schedule.Scope ? existing.ActiveSince : now;
        var stored = schedule with { Deliveries = deliveries, ActiveSince = activeSince, UpdatedAt = now };
        var created = await store.PutAsync(stored);
        await GrainFactory.GetGrain<IReportSchedulerGrain>(IReportSchedulerGrain.Key).EnsureRunning();
        return (stored, created);
    }

    public Task<bool> Delete(string id) => store.DeleteAsync(id);

    public async Task<ReportRun?> SendNow(string id)
    {
        if (await store.GetAsync(id) is not { } schedule)
        {
            return null;
        }

        var zone = await stations.ZoneOfAsync(AlertEvaluatorGrain.ScopeOf(schedule.Scope));
        var period = ReportPeriods.LastClosed(schedule.Period, zone, time.GetUtcNow());
        if (await store.TryCreateRunAsync(id, ReportRunTriggers.Manual, period, time.GetUtcNow()) is not { } run)
        {
            return null;
        }

        try
        {
            await GrainFactory.GetGrain<IReportSchedulerGrain>(IReportSchedulerGrain.Key).BuildNow();
        }
        catch (TimeoutException)
        {
            // A long build (or one queued behind another): the run is answered as 'building' and the scheduler finishes it.
        }

        return (await store.RunsAsync(id, 20)).FirstOrDefault(r => r.Id == run);
    }

    public Task<IReadOnlyList<ReportRun>> Runs(string id, int limit) => store.RunsAsync(id, limit);
}
