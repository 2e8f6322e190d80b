namespace Asteroid.Stations;

/// <summary>A station groups mounts across servers (a main server and its relays, several formats).
/// A mount in no station belongs to the implicit station whose id is its server id.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.station")]
public sealed record class StationDefinition(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string TimeZone,
    [property: Id(3)] IReadOnlyList<StationMount> Mounts,
    [property: Id(4)] bool Implicit = false)
{
    public const string DefaultTimeZone = "UTC";
}

[GenerateSerializer, Immutable, Alias("asteroid.station-mount")]
public sealed record class StationMount([property: Id(0)] string Server, [property: Id(1)] string Mount);
