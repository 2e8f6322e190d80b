namespace Asteroid.Analytics;

/// <summary>The audience metrics of one period, by the definitions in docs/metrics.md (Triton/IAB
/// style): qualifying = at least 60 s and not a bot; minutes, AAS and AQH to 4 decimals, bounce
/// rate to 4; divisions by zero give 0. <see cref="SessionsEnded"/>: sessions (of the report's
/// traffic) whose last second lies in the period; null when a day of it was stored before it was counted.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.metrics")]
public sealed record class Metrics(
    [property: Id(0)] long Sessions,
    [property: Id(1)] long ShortSessions,
    [property: Id(2)] long BotSessions,
    [property: Id(3)] long ActiveSessions,
    [property: Id(4)] long UniqueListeners,
    [property: Id(5)] bool UniqueListenersExact,
    [property: Id(6)] double ListenMinutes,
    [property: Id(7)] double AvgSessionMinutes,
    [property: Id(8)] double TslMinutes,
    [property: Id(9)] double Aas,
    [property: Id(10)] double Aqh,
    [property: Id(11)] int PeakConcurrent,
    [property: Id(12)] DateTimeOffset? PeakAt,
    [property: Id(13)] long NewListeners,
    [property: Id(14)] long ReturningListeners,
    [property: Id(15)] double BounceRate,
    [property: Id(16)] long? SessionsEnded = null);
