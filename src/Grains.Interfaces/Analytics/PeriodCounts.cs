namespace Asteroid.Analytics;

/// <summary>Additive counts of one period (a day or an hour), plus its distinct listeners and peak.
/// <see cref="SessionsEnded"/> is null on rows written before it existed (release 1e106b3 and the
/// releases before migration 0013): unknown, not 0.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.period-counts")]
public sealed record class PeriodCounts(
    [property: Id(0)] long Sessions,
    [property: Id(1)] long ShortSessions,
    [property: Id(2)] long BotSessions,
    [property: Id(3)] long ActiveSessions,
    [property: Id(4)] long UniqueListeners,
    [property: Id(5)] long ListenSeconds,
    [property: Id(6)] int PeakConcurrent,
    [property: Id(7)] long? PeakAt,
    [property: Id(8)] long? SessionsEnded = null);
