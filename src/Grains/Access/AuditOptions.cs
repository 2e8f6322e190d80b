using System.ComponentModel.DataAnnotations;

namespace Asteroid.Access;

/// <summary>Configuration section <c>Audit</c>.</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>Days an audit entry is kept (<c>Audit:Days</c>, default 365).</summary>
    [Range(1, 36_500)]
    public int Days { get; set; } = 365;
}
