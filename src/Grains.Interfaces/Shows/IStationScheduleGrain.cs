namespace Asteroid.Shows;

/// <summary>The schedule of one station (key: the station id): its shows and dayparts, stored in
/// PostgreSQL. Changes are serialised here, so the overlap check sees every other show.</summary>
[Alias("asteroid.station-schedule")]
public interface IStationScheduleGrain : IGrainWithStringKey
{
    public const int MaxShows = 500;

    [Alias("schedule")]
    Task<StationSchedule> Schedule();

    /// <summary>Stores the show unless it overlaps another show (or itself): then nothing changes
    /// and the result names the conflict.</summary>
    [Alias("put")]
    Task<ShowPutResult> Put(ShowDefinition show);

    /// <summary>The removed show, or null when there was none.</summary>
    [Alias("remove")]
    Task<ShowDefinition?> Remove(string showId);

    /// <summary>Replaces the dayparts; null or empty goes back to the default set.</summary>
    [Alias("put-dayparts")]
    Task PutDayparts(IReadOnlyList<Daypart>? dayparts);
}
