using System.ComponentModel.DataAnnotations;

namespace Asteroid.ScheduledReports;

/// <summary>Configuration section <c>ScheduledReports</c> (docs/alerts.md "Scheduled reports").</summary>
public sealed class ScheduledReportOptions
{
    public const string Section = "ScheduledReports";

    /// <summary>How often the scheduler looks for due periods and runs to build.</summary>
    [Range(0.1, 3600)]
    public double CheckSeconds { get; set; } = 60;

    /// <summary>How long after a period's end its report is built (sessions still open at the end are counted by then).</summary>
    [Range(0, 1440)]
    public double DelayMinutes { get; set; } = 15;

    /// <summary>The size limit of one CSV attachment; a longer one ends at the last whole row and says so.</summary>
    [Range(1024, 50L * 1024 * 1024)]
    public long MaxAttachmentBytes { get; set; } = 2L * 1024 * 1024;

    /// <summary>A run whose report cannot be built is tried this many times (1 min, doubling), then failed.</summary>
    [Range(1, 20)]
    public int BuildAttempts { get; set; } = 5;
}
