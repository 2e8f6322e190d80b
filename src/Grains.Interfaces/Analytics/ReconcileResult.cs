namespace Asteroid.Analytics;

/// <summary>What reconciling one day found.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.reconcile-result")]
public sealed record class ReconcileResult(
    [property: Id(0)] string Scope,
    [property: Id(1)] DateOnly Date,
    [property: Id(2)] bool Matched,
    [property: Id(3)] IReadOnlyList<string> Differences,
    [property: Id(4)] int Sessions);
