using System.ComponentModel.DataAnnotations;

namespace Asteroid.Retention;

/// <summary>Configuration section <c>Retention</c>.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Raw sessions and snapshots older than this are deleted; aggregates are kept.</summary>
    [Range(1, 36_600)]
    public int RawDays { get; set; } = 30;

    /// <summary>How often the job runs.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Whether retention may already have removed raw sessions of a day that starts at
    /// <paramref name="dayStart"/> (Unix seconds): the job deletes sessions that ended before now −
    /// <see cref="RawDays"/>, and a session of the day can have ended as early as the day's start.
    /// An hour of margin covers clocks of the silos and PostgreSQL that differ a little.</summary>
    public bool RawMayBePruned(long dayStart, DateTimeOffset now) =>
        dayStart < now.AddDays(-RawDays).AddHours(1).ToUnixTimeSeconds();

    /// <summary>Rows per delete statement: small enough that no lock is held for long.</summary>
    [Range(100, 1_000_000)]
    public int BatchSize { get; set; } = 10_000;
}
