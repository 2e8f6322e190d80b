using Asteroid.Retention;
using Asteroid.Stations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Asteroid.Analytics;

/// <summary>Keeps a <see cref="TrafficDayAggregator"/> (the day's net and gross metrics, and its player, OS, device and
/// mount cells) for one scope and day, stored in <c>daily_stats</c>; lifecycle in
/// <see cref="ScopeDayGrain{TDay}"/>. Country and city cells are the <see cref="GeoStatsGrain"/>'s.</summary>
[GrainType("daily-stats")]
public sealed class DailyStatsGrain(
    AggregateStore store, StationResolver stations, IOptions<RetentionOptions> retention, TimeProvider time, ILogger<DailyStatsGrain> logger)
    : ScopeDayGrain<TrafficDayAggregator>(stations, retention, time, logger), IDailyStatsGrain
{
    public Task<LiveDayStats> GetLive() => Task.FromResult(Live(day => DayStatsCodec.ToLive(day.Snapshot(), OpenSessions, OpenQualifying())));

    public Task<int> RebuildFirstSeenKnown() =>
        RebuildAsync(async (window, ct) => await store.LoadRawSharedAsync(await Stations.MembersAsync(Scope), window, ct));

    protected override TrafficDayAggregator Create(DayWindow window) => new(window);

    protected override async Task<bool> StoredAsync(DateOnly date, CancellationToken ct) =>
        (await store.LoadAsync(Scope, date, date, ct, withBreakdowns: false, withGross: false)).Count > 0;

    protected override async Task<IReadOnlyList<SessionFact>> LoadRawAsync(DayWindow window, CancellationToken ct) => await store.LoadRawAndFirstSeenAsync(Scope, await Stations.MembersAsync(Scope), window, ct);

    protected override Task SaveAsync(TrafficDayAggregator day) => store.SaveAsync(Scope, day.Snapshot(), day.SessionCount, CancellationToken.None);
}
