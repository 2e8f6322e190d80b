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

    /// <summary>Rows per delete statement: small enough that no lock is held for long.</summary>
    [Range(100, 1_000_000)]
    public int BatchSize { get; set; } = 10_000;
}
