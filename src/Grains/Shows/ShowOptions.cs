using System.ComponentModel.DataAnnotations;

namespace Asteroid.Shows;

/// <summary>Configuration section <c>Shows</c>: the stored audience of ended episodes.</summary>
public sealed class ShowOptions
{
    public const string Section = "Shows";

    /// <summary>Whether /stats/shows reads and stores the audience of ended episodes
    /// (<c>show_episode_audience</c>); false computes every episode from the raw sessions.</summary>
    public bool StoreEpisodes { get; set; } = true;

    /// <summary>An episode's audience is stored once it ended this long ago (and no session
    /// overlapping it is still open): late sessions reach PostgreSQL within seconds, the day rows
    /// they move within a minute.</summary>
    [Range(60, 86_400)]
    public int StoreAfterSeconds { get; set; } = 3_600;

    /// <summary>How often the job stores the audience of recently ended episodes (0 = never; reports still store what they compute).</summary>
    [Range(0, 86_400)]
    public int FillIntervalSeconds { get; set; } = 600;

    /// <summary>How many days back the job looks for episodes (the report's 30 days and the week before are typical).</summary>
    [Range(1, 400)]
    public int FillDays { get; set; } = 40;
}
