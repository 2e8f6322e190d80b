using System.Globalization;

namespace Asteroid.Web.Royalties;

/// <summary>The parameters of the royalty reports: <c>station=</c> (required: a report is about one
/// station, one channel), a period as <c>month=YYYY-MM</c> (a calendar month of the station's time
/// zone) or <c>from</c>/<c>to</c> (ISO dates, inclusive, at most 93 days: the reports read raw sessions), and <c>format=</c>.</summary>
public static class RoyaltyQuery
{
    /// <summary>Longest from/to range: the reports hold the period's raw sessions of the station in memory.</summary>
    public const int MaxDays = 93;

    public static Dictionary<string, string[]> Errors() => [];

    public static string? Station(string? station, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(station))
        {
            errors["station"] = ["station is required: a royalty report is about one station"];
            return null;
        }

        return station;
    }

    public static (int Year, int Month) Month(string? month, Dictionary<string, string[]> errors)
    {
        if (month is { Length: 7 } && DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            && d.Year is >= 1970 and <= 9998)
        {
            return (d.Year, d.Month);
        }

        errors["month"] = ["month is a calendar month such as 2026-11"];
        return default;
    }

    /// <summary><c>month=</c> or <c>from</c>+<c>to</c>.</summary>
    public static (DateOnly From, DateOnly To) Period(string? month, string? from, string? to, Dictionary<string, string[]> errors)
    {
        if (!string.IsNullOrEmpty(month))
        {
            var (y, m) = Month(month, errors);
            return errors.ContainsKey("month") ? default : (new DateOnly(y, m, 1), new DateOnly(y, m, 1).AddMonths(1).AddDays(-1));
        }

        var okFrom = DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var f);
        var okTo = DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t);
        if (!okFrom)
        {
            errors["from"] = ["from is required (or month=): an ISO date such as 2026-11-01"];
        }

        if (!okTo)
        {
            errors["to"] = ["to is required (or month=): an ISO date such as 2026-11-30 (inclusive)"];
        }
        else if (okFrom && t < f)
        {
            errors["to"] = ["to is on or after from"];
        }
        else if (okFrom && t.DayNumber - f.DayNumber >= MaxDays)
        {
            errors["to"] = [$"a range is at most {MaxDays} days (the royalty reports read the raw sessions; a month is at most 31)"];
        }

        return (f, t);
    }
}
