namespace Asteroid.Analytics;

/// <summary>A listener with an open session that a live day counts as qualifying so far (not a bot,
/// connected at least 60 s up to now), and the earliest start of such sessions of it on that day.
/// Reports use it to count the listener as new from that start when it has no earlier first-seen
/// start (first-seen rows are written only when a session finishes).</summary>
[GenerateSerializer, Immutable, Alias("asteroid.open-listener-start")]
public sealed record class OpenListenerStart(
    [property: Id(0)] ulong Listener,
    [property: Id(1)] long Start);
