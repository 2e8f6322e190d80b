namespace Asteroid.Servers;

/// <summary>A server as the admin API shows it: settings without the password, plus what discovery saw:
/// <see cref="ServerIdent"/> is <c>&lt;server_id&gt;</c> of <c>/admin/stats</c> and <see cref="ServerKind"/> /
/// <see cref="ServerVersion"/> what it says (<see cref="IcecastServerKind"/>); all null before the first stats answer.</summary>
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
    [property: Id(11)] string? TimeZone = null,
    [property: Id(12)] string? ServerIdent = null,
    [property: Id(13)] string? ServerKind = null,
    [property: Id(14)] string? ServerVersion = null);
