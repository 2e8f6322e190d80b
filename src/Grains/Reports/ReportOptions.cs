using System.ComponentModel.DataAnnotations;

namespace Asteroid.Reports;

/// <summary>Configuration section <c>Reports</c>.</summary>
public sealed class ReportOptions
{
    public const string Section = "Reports";

    /// <summary>Memory for parsed stored days (metrics and listener sets, without breakdowns) kept
    /// between requests; 0 turns the cache off.</summary>
    [Range(0, 65536)]
    public int DayCacheMegabytes { get; set; } = 256;
}
