namespace Asteroid.Servers;

/// <summary>A server as the admin API shows it: settings without the password, plus what discovery saw.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.server-view")]
public sealed record class IcecastServerView(
    [property: Id(0)] string Id,
    [property: Id(1)] Uri BaseUrl,
    [property: Id(2)] string AdminUser,
    [property: Id(3)] bool HasPassword,
    [property: Id(4)] int PollIntervalSeconds,
    [property: Id(5)] bool Enabled,
    [property: Id(6)] string Status,
    [property: Id(7)] string? StatusDetail,
    [property: Id(8)] DateTimeOffset? LastDiscoveryAt,
    [property: Id(9)] DateTimeOffset? ServerStartedAt,
    [property: Id(10)] IReadOnlyList<string> Mounts,
    [property: Id(11)] string? TimeZone = null);
