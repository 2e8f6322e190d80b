namespace Asteroid.Stations;

/// <summary>This silo's view of the stations (a stateless worker, key <see cref="Key"/>, so it runs on
/// the calling silo): the station of an id, implicit stations of servers included, and a refresh of
/// the silo's cache after an admin edit, so the next report on this node sees the edit at once
/// (other silos see it within their refresh interval of a few seconds).</summary>
[Alias("asteroid.station-lookup")]
public interface IStationLookupGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>An explicit station, or the implicit one of an existing server; null if neither.</summary>
    [Alias("find")]
    Task<StationDefinition?> Find(string id);

    /// <summary>Drops this silo's cached stations; the next lookup reads the directory.</summary>
    [Alias("refresh")]
    Task Refresh();
}
