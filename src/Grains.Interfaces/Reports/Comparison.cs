namespace Asteroid.Reports;

/// <summary><c>compare=</c>: the period a report is compared with.</summary>
public enum CompareMode
{
    None = 0,

    /// <summary>The period just before, of the same number of days.</summary>
    Previous = 1,

    /// <summary>The same dates a year earlier (29 February becomes 28 February).</summary>
    Year = 2,
}

/// <summary>The pure rules of comparisons: which dates a period is compared with, and the relative
/// change of a figure (docs/metrics.md, "Comparisons").</summary>
public static class Comparison
{
    /// <summary>The compared period of [<paramref name="from"/>, <paramref name="to"/>] (inclusive local dates).</summary>
    public static (DateOnly From, DateOnly To) Period(DateOnly from, DateOnly to, CompareMode mode) => mode switch
    {
        CompareMode.Previous => (from.AddDays(-(to.DayNumber - from.DayNumber + 1)), from.AddDays(-1)),
        CompareMode.Year => (from.AddYears(-1), to.AddYears(-1)), // DateOnly.AddYears maps 29 Feb to 28 Feb
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "no comparison"),
    };

    /// <summary>(current − base) / base, 4 decimals; null when the base is 0 (or either is unknown):
    /// a change from nothing has no ratio, and is not infinite.</summary>
    public static double? Change(double? current, double? @base) =>
        current is not { } c || @base is not { } b || b == 0 ? null : Math.Round((c - b) / b, 4, MidpointRounding.AwayFromZero);
}
