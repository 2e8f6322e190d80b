namespace Asteroid.Groups;

/// <summary>A named set of stations (a regional network, say) with the time zone its days are
/// counted in. Its listeners are those of its stations' mounts as they are grouped now.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.group")]
public sealed record class GroupDefinition(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string TimeZone,
    [property: Id(3)] IReadOnlyList<string> Stations);

/// <summary>The groups and a version that changes with every edit.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.group-list")]
public sealed record class GroupList([property: Id(0)] long Version, [property: Id(1)] IReadOnlyList<GroupDefinition> Groups);
