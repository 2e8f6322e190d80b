namespace Asteroid.Mounts;

/// <summary>The warning of a mount whose listeners mostly share one address (a proxy hiding them; rule:
/// <c>SharedAddressRule</c>, docs/alerts.md): of <see cref="Listeners"/> listeners with a known address in
/// the last poll, <see cref="Sharing"/> have the same one. Never the address itself.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.shared-address")]
public sealed record class SharedAddress(
    [property: Id(0)] int Listeners,
    [property: Id(1)] int Sharing)
{
    public double Percent => Listeners == 0 ? 0 : Math.Round(Sharing * 100.0 / Listeners, 1);
}
