namespace Asteroid.Stations;

/// <summary>All explicit stations (key "default"). Changes only on admin edits; silos cache it.</summary>
[Alias("asteroid.station-directory")]
public interface IStationDirectoryGrain : IGrainWithStringKey
{
    public const string Key = "default";

    /// <summary>Creates or replaces a station; returns null on success or why it was refused.</summary>
    [Alias("put")]
    Task<string?> Put(StationDefinition station);

    [Alias("seed")]
    Task Seed(StationDefinition station);

    [Alias("remove")]
    Task<bool> Remove(string id);

    [AlwaysInterleave, Alias("list")]
    Task<StationList> List();
}

/// <summary>The stations and a version that changes with every edit.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.station-list")]
public sealed record class StationList([property: Id(0)] long Version, [property: Id(1)] IReadOnlyList<StationDefinition> Stations);
