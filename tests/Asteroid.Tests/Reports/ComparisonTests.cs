using Asteroid.Reports;

namespace Asteroid.Tests.Reports;

/// <summary>The pure rules of <c>compare=</c> (docs/metrics.md, "Comparisons").</summary>
public sealed class ComparisonTests
{
    [Theory]
    [InlineData("2026-11-01", "2026-11-07", "2026-10-25", "2026-10-31")] // a week: the week before
    [InlineData("2026-03-01", "2026-03-01", "2026-02-28", "2026-02-28")] // one day: the day before
    [InlineData("2026-03-01", "2026-03-31", "2026-01-29", "2026-02-28")] // 31 days, not "February"
    public void Previous_is_the_period_just_before_of_the_same_length(string from, string to, string expectedFrom, string expectedTo)
    {
        var (f, t) = Comparison.Period(DateOnly.Parse(from), DateOnly.Parse(to), CompareMode.Previous);
        Assert.Equal((DateOnly.Parse(expectedFrom), DateOnly.Parse(expectedTo)), (f, t));
        Assert.Equal(DateOnly.Parse(to).DayNumber - DateOnly.Parse(from).DayNumber, t.DayNumber - f.DayNumber);
    }

    [Theory]
    [InlineData("2026-11-01", "2026-11-07", "2025-11-01", "2025-11-07")]
    [InlineData("2028-02-29", "2028-03-01", "2027-02-28", "2027-03-01")] // 29 February becomes 28 February
    [InlineData("2027-02-28", "2027-03-01", "2026-02-28", "2026-03-01")]
    public void Year_is_the_same_dates_a_year_earlier(string from, string to, string expectedFrom, string expectedTo)
    {
        Assert.Equal((DateOnly.Parse(expectedFrom), DateOnly.Parse(expectedTo)), Comparison.Period(DateOnly.Parse(from), DateOnly.Parse(to), CompareMode.Year));
    }

    [Theory]
    [InlineData(15.0, 10.0, 0.5)]
    [InlineData(5.0, 10.0, -0.5)]
    [InlineData(0.0, 10.0, -1.0)]
    [InlineData(10.0, 3.0, 2.3333)]
    public void Change_is_relative_to_the_compared_figure(double current, double compared, double expected)
    {
        Assert.Equal(expected, Comparison.Change(current, compared));
    }

    [Theory]
    [InlineData(5.0, 0.0)]
    [InlineData(0.0, 0.0)]
    public void Change_from_zero_is_null_not_infinite(double current, double compared)
    {
        Assert.Null(Comparison.Change(current, compared));
    }

    [Fact]
    public void Change_of_an_unknown_figure_is_null()
    {
        Assert.Null(Comparison.Change(null, 4));
        Assert.Null(Comparison.Change(4, null));
    }
}
