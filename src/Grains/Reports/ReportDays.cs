using Asteroid.Analytics;

namespace Asteroid.Reports;

/// <summary>The stored days of a report (an empty day where nothing was aggregated) and the new
/// listeners per hour slot of the whole range (with the live days' open qualifying sessions, see
/// <see cref="OpenNewListeners"/>), read once per request.</summary>
public sealed class ReportDays
{
    private const long LiveSeconds = 48 * 3600;

    /// <summary>New listeners before each hour slot of the range (slot 0 starts with the first day):
    /// a period's count is a difference of two entries.</summary>
    private readonly long[] _newBefore;

    private ReportDays(ReportScope scope, Traffic traffic, List<DayStats> days, Dictionary<long, long> newPerHour)
    {
        Scope = scope;
        Traffic = traffic;
        Days = days;
        var slots = (days[^1].End - days[0].Start + DayWindow.HourSeconds - 1) / DayWindow.HourSeconds;
        slots = Math.Max(slots, newPerHour.Count == 0 ? 0 : newPerHour.Keys.Max() + 1);
        _newBefore = new long[slots + 1];
        foreach (var (slot, count) in newPerHour)
        {
            if (slot >= 0)
            {
                _newBefore[slot + 1] += count;
            }
        }

        for (var i = 1; i < _newBefore.Length; i++)
        {
            _newBefore[i] += _newBefore[i - 1];
        }
    }

    public ReportScope Scope { get; }

    public Traffic Traffic { get; }

    /// <summary>The days as <see cref="Traffic"/> counts them (gross: <see cref="DayStats.AsGross"/> views).</summary>
    public List<DayStats> Days { get; }

    /// <summary>Days of the last 48 hours come from their grains, with the sessions still open counted
    /// up to now; older days from their stored rows, with their breakdowns (players, OS, devices,
    /// mounts; geo is <see cref="GeoDays"/>) only when <paramref name="withBreakdowns"/>. Stored days
    /// written before gross traffic and <c>sessionsEnded</c> existed (and, with breakdowns, before
    /// the traffic sources were counted) are first rebuilt from their raw sessions when a
    /// <paramref name="rebuild"/> is given and the raw sessions are retained
    /// (<see cref="TrafficRebuild"/>); for a gross report, a day that still has no gross part makes
    /// the answer a problem naming it (<see cref="GrossUnknownDates"/>), never the net numbers.</summary>
    public static async Task<ReportDays> LoadAsync(ReportScope scope, StoredDayCache storedDays, AggregateStore store, IGrainFactory grains, TimeProvider time,
        CancellationToken ct, bool withBreakdowns = false, Traffic traffic = Traffic.Net, TrafficRebuild? rebuild = null)
    {
        var gross = traffic == Traffic.Gross;
        var stored = (await storedDays.LoadAsync(scope.Scope, scope.From, scope.To, withBreakdowns, ct, gross)).ToDictionary(d => d.Date);
        // A row of the previous release has neither a gross part nor sessionsEnded (this release writes both).
        // With breakdowns, a row stored before the traffic sources were counted lacks them.
        var old = stored.Values.Where(d => (gross ? d.Gross is null : d.Totals.SessionsEnded is null) || withBreakdowns && BreakdownRows.SourcesUnknown(d))
            .Select(d => d.Date);
        if (rebuild is not null && await rebuild.DayGrainsAsync(scope, old, LiveDates(scope, time).ToHashSet()))
        {
            stored = (await storedDays.LoadAsync(scope.Scope, scope.From, scope.To, withBreakdowns, ct, gross)).ToDictionary(d => d.Date);
        }

        var live = LiveDates(scope, time).Select(date => grains.GetGrain<IDailyStatsGrain>(scope.Scope.GrainKey(date)).GetLive());
        var liveDays = await Task.WhenAll(live);
        foreach (var day in liveDays.Select(l => storedDays.Live(scope.Scope, l)))
        {
            stored[day.Date] = day;
        }

        var days = scope.Dates.Select(d => stored.TryGetValue(d, out var day) ? day : new TrafficDayAggregator(DayWindow.For(d, scope.Zone)).Snapshot()).ToList();
        var unknown = traffic == Traffic.Gross ? days.Where(d => d.Gross is null).Select(d => d.Date).ToList() : [];
        // First-seen rows are written when a session finishes; the open sessions the live days count are looked up (OpenNewListeners).
        var open = OpenNewListeners.Earliest(liveDays.SelectMany(d => d.OpenQualifying ?? []));
        var (newPerHour, firstSeen) = await store.NewListenersAsync(scope.Scope, days[0].Start, days[^1].End, DayWindow.HourSeconds, open.Keys, ct);
        if (open.Count > 0)
        {
            newPerHour = OpenNewListeners.Adjust(newPerHour, open, firstSeen, days[0].Start, days[^1].End, DayWindow.HourSeconds);
        }

        return new ReportDays(scope, traffic, unknown.Count > 0 ? days : [.. days.Select(d => d.For(traffic)!)], newPerHour) { GrossUnknownDates = unknown };
    }

    /// <summary>Days of a gross report that have no gross part (stored before it existed, raw sessions gone).</summary>
    public IReadOnlyList<DateOnly> GrossUnknownDates { get; private init; } = [];

    /// <summary>The dates of the range that come from their grains (the last 48 hours) rather than stored rows.</summary>
    public static IEnumerable<DateOnly> LiveDates(ReportScope scope, TimeProvider time)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        return scope.Dates.Select(d => DayWindow.For(d, scope.Zone)).Where(w => w.End > now - LiveSeconds && w.Start <= now).Select(w => w.Date);
    }

    /// <summary>New listeners whose first start lies in [from, to) (hour-aligned within the range).</summary>
    public long NewListeners(long from, long to)
    {
        var first = Math.Clamp((from - Days[0].Start) / DayWindow.HourSeconds, 0, _newBefore.Length - 1);
        var last = Math.Clamp((to - Days[0].Start + DayWindow.HourSeconds - 1) / DayWindow.HourSeconds, 0, _newBefore.Length - 1);
        return last > first ? _newBefore[last] - _newBefore[first] : 0;
    }

    public Metrics Total() => MetricsCalculator.ForDays(Days, NewListeners(Days[0].Start, Days[^1].End), Scope.Zone, Traffic);

    public Metrics Day(DayStats day) => MetricsCalculator.ForDays([day], NewListeners(day.Start, day.End), Scope.Zone, Traffic);

    public Metrics Hour(DayStats day, int hour) => MetricsCalculator.ForHour(day, hour,
        NewListeners(day.Start + (long)hour * DayWindow.HourSeconds, Math.Min(day.End, day.Start + (hour + 1L) * DayWindow.HourSeconds)), Scope.Zone, Traffic);
}
