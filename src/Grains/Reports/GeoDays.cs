using Asteroid.Analytics;

namespace Asteroid.Reports;

/// <summary>The geo days of a report (country and city cells; an empty day where nothing was
/// aggregated): days of the last 48 hours from their <see cref="IGeoStatsGrain"/>s with the open
/// sessions counted up to now, older days from the stored <c>geo_stats</c> rows. Never the day metrics.</summary>
public sealed class GeoDays
{
    private GeoDays(List<GeoDay> days, Traffic traffic)
    {
        Days = days;
        Traffic = traffic;
        GrossUnknownDates = traffic == Traffic.Gross ? [.. days.Where(d => d.ExtraCells is null).Select(d => d.Date)] : [];
    }

    public List<GeoDay> Days { get; }

    public Traffic Traffic { get; }

    /// <summary>Days of a gross report without gross cells (stored before they existed, raw sessions gone).</summary>
    public IReadOnlyList<DateOnly> GrossUnknownDates { get; }

    /// <summary>The cell sets the report counts: each day's cells, and for gross also its extra cells (they add).</summary>
    public List<IReadOnlyDictionary<string, Dictionary<string, BreakdownCell>>> Cells =>
        [.. Days.SelectMany(d => d.CellsFor(Traffic) ?? [d.Cells])];

    public static async Task<GeoDays> LoadAsync(ReportScope scope, StoredDayCache storedDays, IGrainFactory grains, TimeProvider time, CancellationToken ct,
        Traffic traffic = Traffic.Net, TrafficRebuild? rebuild = null)
    {
        var stored = (await storedDays.LoadGeoAsync(scope.Scope, scope.From, scope.To, ct)).ToDictionary(d => d.Date);
        if (traffic == Traffic.Gross && rebuild is not null
            && await rebuild.GeoGrainsAsync(scope, stored.Values.Where(d => d.ExtraCells is null).Select(d => d.Date), ReportDays.LiveDates(scope, time).ToHashSet()))
        {
            stored = (await storedDays.LoadGeoAsync(scope.Scope, scope.From, scope.To, ct)).ToDictionary(d => d.Date);
        }

        var live = ReportDays.LiveDates(scope, time)
            .Select(async date => GeoDay.FromData((await grains.GetGrain<IGeoStatsGrain>(scope.Scope.GrainKey(date)).GetLive()).Day));
        foreach (var day in await Task.WhenAll(live))
        {
            stored[day.Date] = day;
        }

        return new GeoDays([.. scope.Dates.Select(d => stored.TryGetValue(d, out var day) ? day : GeoDay.Empty(d))], traffic);
    }
}
