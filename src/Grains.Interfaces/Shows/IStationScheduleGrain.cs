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

    /// <summary>Imports an iCalendar text for a station in <paramref name="timeZone"/>: each event a
    /// show (the mapping rules: docs/metrics.md, "Importing a calendar"), stored all or nothing; a
    /// show whose UID was imported before keeps its id; with <paramref name="replace"/>, shows
    /// imported before whose UID the file no longer has are removed. One overlap (with the station's
    /// other shows or within the import) refuses it all.</summary>
    [Alias("import-calendar")]
    Task<ShowImportResult> ImportCalendar(string ics, string timeZone, bool replace);

    /// <summary>The removed show, or null when there was none.</summary>
    [Alias("remove")]
    Task<ShowDefinition?> Remove(string showId);

    /// <summary>Replaces the dayparts; null or empty goes back to the default set.</summary>
    [Alias("put-dayparts")]
    Task PutDayparts(IReadOnlyList<Daypart>? dayparts);
}
