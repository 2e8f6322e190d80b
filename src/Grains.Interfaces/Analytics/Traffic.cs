namespace Asteroid.Analytics;

/// <summary>Which sessions a report counts: <see cref="Net"/> (Triton's definition: bots and
/// sessions under 60 s left out; the default) or <see cref="Gross"/> (every session).</summary>
[GenerateSerializer, Alias("asteroid.traffic")]
public enum Traffic
{
    Net = 0,
    Gross = 1,
}
