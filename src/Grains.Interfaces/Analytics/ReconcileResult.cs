namespace Asteroid.Analytics;

/// <summary>What reconciling one day found. <see cref="NotCompared"/> says why a day was left as it
/// is (a day that ended before <c>Retention:RawDays</c> may have lost raw sessions to retention, so
/// they cannot judge it).</summary>
[GenerateSerializer, Immutable, Alias("asteroid.reconcile-result")]
public sealed record class ReconcileResult(
    [property: Id(0)] string Scope,
    [property: Id(1)] DateOnly Date,
    [property: Id(2)] bool Matched,
    [property: Id(3)] IReadOnlyList<string> Differences,
    [property: Id(4)] int Sessions,
    [property: Id(5)] string? NotCompared = null);
