namespace Asteroid.Reports;

/// <summary>The syntax rules of a report request, checked by the caller before it asks.</summary>
public static class ReportRules
{
    /// <summary>The longest range, in days.</summary>
    public const int MaxDays = 3660;

    /// <summary>A mount path: starts with '/', at most 1024 characters, no control characters (NUL,
    /// CR, LF, … can be no Icecast mount and would reach SQL parameters and file names).</summary>
    public static bool IsValidMount(string? mount) =>
        mount is ['/', ..] && mount.Length <= Stations.StationRules.MaxMountLength && !mount.Any(char.IsControl);
}
