namespace Asteroid.Analytics;

/// <summary>The aggregate of one scope (a station or a mount) on one local day; key
/// <c>station:{id}|yyyy-MM-dd</c> or <c>mount:{server}{mount}|yyyy-MM-dd</c>. One grain per scope
/// and day, so no grain is hot for long; fed in batches by each silo's aggregation feed.</summary>
[Alias("asteroid.daily-stats")]
public interface IDailyStatsGrain : IGrainWithStringKey
{
    /// <summary>Adds finished sessions (already-known session ids are ignored).</summary>
    [Alias("add")]
    Task Add(Immutable<SessionFact[]> sessions);

    /// <summary>Recomputes the day from raw sessions and stores it; returns how many sessions it has.</summary>
    [Alias("rebuild")]
    Task<int> Rebuild();

    /// <summary>Writes pending changes now (tests, shutdown).</summary>
    [Alias("flush")]
    Task Flush();
}

