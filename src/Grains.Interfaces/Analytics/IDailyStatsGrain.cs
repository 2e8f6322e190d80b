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

    /// <summary>Sessions that started and are still open: they count in the live view, with "now"
    /// as their end, until their finished record arrives through <see cref="Add"/>.</summary>
    [Alias("add-open")]
    Task AddOpen(Immutable<SessionFact[]> sessions);

    /// <summary>The day including open sessions up to now.</summary>
    [AlwaysInterleave, Alias("get-live")]
    Task<LiveDayStats> GetLive();

    /// <summary>Recomputes the day from raw sessions and stores it; returns how many sessions it has.</summary>
    [Alias("rebuild")]
    Task<int> Rebuild();

    /// <summary>As <see cref="Rebuild"/>, without recording the day's listeners as first seen: for a
    /// scope rebuild job, which has just replaced the scope's first-seen listeners with its mounts'
    /// (each raw session's listener is already there, at its earliest start). Shares the read of the
    /// day's sessions with the geo grain's <c>RebuildForJob</c> beside it.</summary>
    [Alias("rebuild-first-seen-known")]
    Task<int> RebuildFirstSeenKnown();

    /// <summary>Writes pending changes now (tests, shutdown).</summary>
    [Alias("flush")]
    Task Flush();
}

/// <summary>A day with its open sessions counted up to now, as <see cref="Day"/>.
/// <see cref="LegacyStatsJson"/> and <see cref="LegacyListeners"/> (field ids 0 and 1) are the form
/// silos of release 1e106b3 send and read: during a rolling upgrade the two versions call each
/// other's day grains, so this release fills both forms and reads either. Drop them (and
/// <c>DayStatsCodec.FromLive</c>'s fallback) once no silo of that release can be in the cluster.
/// <see cref="OpenQualifying"/> (one entry per listener of the open sessions that qualify so far) is
/// null from a silo of a release before it; reports then count new listeners from first-seen rows only.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.live-day-stats")]
public sealed record class LiveDayStats(
    [property: Id(3)] DayData? Day,
    [property: Id(2)] int OpenSessions,
    [property: Id(0)] string? LegacyStatsJson = null,
    [property: Id(1)] byte[]? LegacyListeners = null,
    [property: Id(4)] IReadOnlyList<OpenListenerStart>? OpenQualifying = null);
