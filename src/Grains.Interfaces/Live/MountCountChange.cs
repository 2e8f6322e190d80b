namespace Asteroid.Live;

/// <summary>A change a browser should see: a mount's count or status moved.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.mount-count-change")]
public sealed record class MountCountChange(
    [property: Id(0)] string Server,
    [property: Id(1)] string Mount,
    [property: Id(2)] int Listeners,
    [property: Id(3)] string Status,
    [property: Id(4)] string? StatusDetail,
    [property: Id(5)] DateTimeOffset At);
