namespace Asteroid.Mounts;

/// <summary>What a mount grain knows right now. <see cref="Listeners"/> is the count of the last
/// successful poll; a failing poll keeps it and says why in <see cref="Status"/>. <see cref="SharedAddress"/>:
/// set while most of the last poll's listeners share one address (a proxy hiding them), else null.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.mount-live-state")]
public sealed record class MountLiveState(
    [property: Id(0)] string Server,
    [property: Id(1)] string Mount,
    [property: Id(2)] int Listeners,
    [property: Id(3)] string Status,
    [property: Id(4)] string? StatusDetail,
    [property: Id(5)] DateTimeOffset? LastPolledAt,
    [property: Id(6)] DateTimeOffset? LastSuccessAt,
    [property: Id(7)] SharedAddress? SharedAddress = null);
