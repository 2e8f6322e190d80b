using System.ComponentModel.DataAnnotations;

namespace Asteroid.Tracks;

/// <summary>Configuration section <c>Tracks</c>.</summary>
public sealed class TrackOptions
{
    public const string Section = "Tracks";

    /// <summary>A play's audience is stored once it ended this long ago: sessions reach PostgreSQL a
    /// few seconds after they start or end (and a polled end lies up to half a poll before it is seen).</summary>
    [Range(1, 86_400)]
    public int FinalizeAfterSeconds { get; set; } = 120;

    /// <summary>How often ended plays get their audience stored.</summary>
    [Range(1, 3_600)]
    public int FinalizeIntervalSeconds { get; set; } = 30;

    /// <summary>The tune-out index compares a play with the plays of the same hour of the week in
    /// this many days up to the end of the report (or the report's range, if longer).</summary>
    [Range(7, 366)]
    public int BaselineDays { get; set; } = 28;

    /// <summary>Memory per node for stored plays read by track reports (<see cref="StoredPlayCache"/>;
    /// 0 = off). Every report still asks PostgreSQL which mount days changed and reloads those.</summary>
    [Range(0, 65_536)]
    public int PlayCacheMegabytes { get; set; } = 128;
}
