using Asteroid.Analytics;

namespace Asteroid.Reports;

/// <summary>The geo days of a report (country and city cells; an empty day where nothing was
/// aggregated): days of the last 48 hours from their <see cref="IGeoStatsGrain"/>s with the open
/// sessions counted up to now, older days from the stored <c>geo_stats</c> rows. Never the day metrics.</summary>
public sealed class GeoDays
{
    private GeoDays(List<GeoDay> days) => Days = days;

    public List<GeoDay> Days { get; }

    public static async Task<GeoDays> LoadAsync(ReportScope scope, StoredDayCache storedDays, IGrainFactory grains, TimeProvider time, CancellationToken ct)
    {
        var stored = (await storedDays.LoadGeoAsync(scope.Scope, scope.From, scope.To, ct)).ToDictionary(d => d.Date);
        var live = ReportDays.LiveDates(scope, time)
            .Select(async date => GeoDay.FromData((await grains.GetGrain<IGeoStatsGrain>(scope.Scope.GrainKey(date)).GetLive()).Day));
        foreach (var day in await Task.WhenAll(live))
        {
            stored[day.Date] = day;
        }

        return new GeoDays([.. scope.Dates.Select(d => stored.TryGetValue(d, out var day) ? day : GeoDay.Empty(d))]);
    }
}
