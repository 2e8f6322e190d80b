namespace Asteroid.Analytics;

/// <summary>Additive counts of one period (a day or an hour), plus its distinct listeners and peak.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.period-counts")]
public sealed record class PeriodCounts(
    [property: Id(0)] long Sessions,
    [property: Id(1)] long ShortSessions,
    [property: Id(2)] long BotSessions,
    [property: Id(3)] long ActiveSessions,
    [property: Id(4)] long UniqueListeners,
    [property: Id(5)] long ListenSeconds,
    [property: Id(6)] int PeakConcurrent,
    [property: Id(7)] long? PeakAt);
