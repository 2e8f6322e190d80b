using System.ComponentModel.DataAnnotations;

namespace Asteroid.Import;

/// <summary>Configuration section <c>Import</c> (HLS grouping of proxy-log imports; the body limit
/// <c>Import:MaxBodyBytes</c> is read by the endpoint).</summary>
public sealed class ImportOptions
{
    public const string Section = "Import";

    /// <summary>The HLS target (segment) duration in seconds: access logs do not carry it. A session
    /// ends at its last segment's request + this; the default gap is twice it, at least 30 s.</summary>
    [Range(1, 3600)]
    public int HlsTargetSeconds { get; set; } = 6;

    /// <summary>Largest gap between a listener's HLS requests within one session; unset: twice
    /// <see cref="HlsTargetSeconds"/>, at least 30 s.</summary>
    [Range(1, 86_400)]
    public int? HlsGapSeconds { get; set; }
}

/// <summary>How one access-log import reads its log.</summary>
/// <param name="Nginx">the nginx log format (<see cref="NginxLogParser.CombinedFormat"/> when not given)</param>
public sealed record class AccessLogImportOptions(AccessLogFormat Format, NginxLogParser? Nginx, TimeSpan HlsTarget, TimeSpan HlsGap)
{
    public static AccessLogImportOptions Icecast { get; } = new(AccessLogFormat.Icecast, null, TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(30));
}
