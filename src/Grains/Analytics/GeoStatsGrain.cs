using Asteroid.Retention;
using Asteroid.Stations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Asteroid.Analytics;

/// <summary>Keeps a <see cref="GeoDayAggregator"/> (country and city cells with their listener
/// sets) for one scope and day, stored in <c>geo_stats</c>; same key, feed, rebuild and retention
/// rules as the <see cref="DailyStatsGrain"/> (<see cref="ScopeDayGrain{TDay}"/>).</summary>
[GrainType("geo-stats")]
public sealed class GeoStatsGrain(
    GeoStore geo, AggregateStore store, StationResolver stations, IOptions<RetentionOptions> retention, TimeProvider time, ILogger<GeoStatsGrain> logger)
    : ScopeDayGrain<GeoDayAggregator>(stations, retention, time, logger), IGeoStatsGrain
{
    public Task<LiveGeoDay> GetLive() => Task.FromResult(Live(day => new LiveGeoDay(day.Snapshot().ToData(), OpenSessions)));

    public Task<int> RebuildForJob() =>
        RebuildAsync(async (window, ct) => await store.LoadRawSharedAsync(await Stations.MembersAsync(Scope), window, ct));

    protected override GeoDayAggregator Create(DayWindow window) => new(window);

    protected override async Task<bool> StoredAsync(DateOnly date, CancellationToken ct) => (await geo.VersionsAsync(Scope, date, date, ct)).Count > 0;

    // First-seen listeners are the day grain's business (it records them on its own rebuild).
    protected override async Task<IReadOnlyList<SessionFact>> LoadRawAsync(DayWindow window, CancellationToken ct) =>
        await store.LoadRawAsync(await Stations.MembersAsync(Scope), window, ct);

    protected override Task SaveAsync(GeoDayAggregator day) => geo.SaveAsync(Scope, day.Snapshot(), CancellationToken.None);
}
