using Asteroid.Analytics;
using Asteroid.Retention;
using Microsoft.Extensions.Options;

namespace Asteroid.Reports;

/// <summary>Upgrade path of the days stored before gross traffic and <c>sessionsEnded</c> existed
/// (migration 0013), and of those stored before the traffic-source cells (referrer, player kind:
/// <see cref="Analytics.Breakdowns.Sources"/>): a report that needs them has the days' grains rebuild those days from their
/// raw sessions first, where these are retained (the activation/reconciliation rebuild; the
/// start-up reconciler does the same in the background). Days that began before
/// <c>Retention:RawDays</c>, or whose raw log holds fewer sessions than their row counts
/// (<see cref="AggregateStore.RawCoversAsync"/>), are left as they are: their gross part (or their
/// traffic sources, <c>sourcesUnknownDates</c>) stays unknown.</summary>
public sealed class TrafficRebuild(IGrainFactory grains, AggregateStore store, IOptions<RetentionOptions> retention, TimeProvider time)
{

    /// <summary>Rebuilds the day grains of <paramref name="dates"/> that can be; true if any was.</summary>
    public Task<bool> DayGrainsAsync(ReportScope scope, IEnumerable<DateOnly> dates, IReadOnlySet<DateOnly> live) =>
        RunAsync(scope, dates, live, key => grains.GetGrain<IDailyStatsGrain>(key).Rebuild());

    /// <summary>Rebuilds the geo grains of <paramref name="dates"/> that can be; true if any was.</summary>
    public Task<bool> GeoGrainsAsync(ReportScope scope, IEnumerable<DateOnly> dates, IReadOnlySet<DateOnly> live) =>
        RunAsync(scope, dates, live, key => grains.GetGrain<IGeoStatsGrain>(key).Rebuild());

    private async Task<bool> RunAsync(ReportScope scope, IEnumerable<DateOnly> dates, IReadOnlySet<DateOnly> live, Func<string, Task<int>> rebuild)
    {
        var now = time.GetUtcNow();
        var keys = new List<string>();
        foreach (var window in dates.Where(d => !live.Contains(d)).Select(d => DayWindow.For(d, scope.Zone)))
        {
            if (!retention.Value.RawMayBePruned(window.Start, now) && await store.RawCoversAsync(scope.Scope, scope.Members, window, CancellationToken.None))
            {
                keys.Add(scope.Scope.GrainKey(window.Date));
            }
        }

        // One at a time: rebuilds of one scope update the same first-seen rows, and side by side
        // their transactions deadlock.
        foreach (var key in keys)
        {
            await rebuild(key);
        }

        return keys.Count > 0;
    }
}
