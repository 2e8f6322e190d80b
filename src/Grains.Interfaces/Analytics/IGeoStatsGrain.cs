namespace Asteroid.Analytics;

/// <summary>The country and city cells of one scope (a station or a mount) on one local day, with
/// their listener sets; the same key as the scope's <see cref="IDailyStatsGrain"/>
/// (<c>station:{id}|yyyy-MM-dd</c> or <c>mount:{server}{mount}|yyyy-MM-dd</c>) and fed the same
/// batches by each silo's aggregation feed. <c>/stats/geo</c> reads these days and never the day
/// metrics; daily and hourly reports never read these.</summary>
[Alias("asteroid.geo-stats")]
public interface IGeoStatsGrain : IGrainWithStringKey
{
    /// <summary>Adds finished sessions (already-known session ids are ignored).</summary>
    [Alias("add")]
    Task Add(Immutable<SessionFact[]> sessions);

    /// <summary>Sessions still open: they count in the live view up to now until their finished record arrives.</summary>
    [Alias("add-open")]
    Task AddOpen(Immutable<SessionFact[]> sessions);

    /// <summary>The day's cells including open sessions up to now.</summary>
    [AlwaysInterleave, Alias("get-live")]
    Task<LiveGeoDay> GetLive();

    /// <summary>Recomputes the cells from raw sessions and stores them; returns how many sessions the day has.</summary>
    [Alias("rebuild")]
    Task<int> Rebuild();

    /// <summary>As <see cref="Rebuild"/>, sharing the read of the day's sessions with the day grain a
    /// scope rebuild job rebuilds beside it (only such a job calls it).</summary>
    [Alias("rebuild-for-job")]
    Task<int> RebuildForJob();

    /// <summary>Writes pending changes now (tests, shutdown).</summary>
    [Alias("flush")]
    Task Flush();
}

/// <summary>A geo day with its open sessions counted up to now.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.live-geo-day")]
public sealed record class LiveGeoDay([property: Id(0)] GeoDayData Day, [property: Id(1)] int OpenSessions);

/// <summary>One scope's country and city cells on one day as they travel between silos.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.geo-day-data")]
public sealed record class GeoDayData(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] IReadOnlyList<BreakdownCellData> Cells,
    [property: Id(2)] IReadOnlyList<BreakdownCellData>? ExtraCells = null);
