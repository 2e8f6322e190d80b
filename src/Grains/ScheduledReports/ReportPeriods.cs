using Asteroid.Shows;

namespace Asteroid.ScheduledReports;

/// <summary>A closed reporting period: the local dates <see cref="From"/> to <see cref="To"/>
/// (inclusive) of a daily, weekly (ISO week, Monday to Sunday) or monthly schedule.</summary>
public readonly record struct ReportPeriod(string Kind, DateOnly From, DateOnly To)
{
    public override string ToString() => Kind switch
    {
        ReportPeriodKinds.Daily => From.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ReportPeriodKinds.Weekly => $"{System.Globalization.ISOWeek.GetYear(From.ToDateTime(TimeOnly.MinValue))}-W{System.Globalization.ISOWeek.GetWeekOfYear(From.ToDateTime(TimeOnly.MinValue)):00}",
        _ => From.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>When a scheduled report is due, pure (docs/alerts.md, "Scheduled reports"):
/// <list type="bullet">
/// <item>a period is the local day, ISO week (Monday to Sunday) or calendar month of the scope's time
/// zone; it ends at the local midnight that follows it, read DST-safe (<see cref="LocalTimes.ToInstant"/>:
/// a skipped midnight is the first instant after the gap, a repeated one its first occurrence);</item>
/// <item>at any instant the period due is the latest one that ended at least <c>delay</c> before now
/// (the delay lets the last sessions of the period end and be counted);</item>
/// <item>only a period that ended after the schedule became active (created, or its period or scope
/// changed) is due: a new schedule does not send a report of the past at once;</item>
/// <item>the caller sends each (schedule, period) at most once (a unique row). A run missed while the
/// service was down is therefore sent when it is back, once; when several periods were missed only the
/// latest is sent — older ones are not replayed.</item>
/// </list></summary>
public static class ReportPeriods
{
    /// <summary>The period of <paramref name="kind"/> that holds the local date <paramref name="date"/>.</summary>
    public static ReportPeriod Containing(string kind, DateOnly date) => kind switch
    {
        ReportPeriodKinds.Daily => new(kind, date, date),
        ReportPeriodKinds.Weekly => new(kind, date.AddDays(-LocalTimes.DayIndex(date.DayOfWeek)), date.AddDays(6 - LocalTimes.DayIndex(date.DayOfWeek))),
        ReportPeriodKinds.Monthly => new(kind, new DateOnly(date.Year, date.Month, 1), new DateOnly(date.Year, date.Month, DateTime.DaysInMonth(date.Year, date.Month))),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "daily, weekly or monthly"),
    };

    /// <summary>The period just before <paramref name="period"/> (the comparison of a report).</summary>
    public static ReportPeriod Previous(ReportPeriod period) => Containing(period.Kind, period.From.AddDays(-1));

    /// <summary>The instant the period starts: local midnight of its first day.</summary>
    public static DateTimeOffset Start(ReportPeriod period, TimeZoneInfo zone) => LocalTimes.ToInstant(period.From.ToDateTime(TimeOnly.MinValue), zone);

    /// <summary>The instant the period ends: local midnight after its last day.</summary>
    public static DateTimeOffset End(ReportPeriod period, TimeZoneInfo zone) => LocalTimes.ToInstant(period.To.AddDays(1).ToDateTime(TimeOnly.MinValue), zone);

    /// <summary>The latest period of <paramref name="kind"/> that has ended by <paramref name="now"/>
    /// (what "send now" sends).</summary>
    public static ReportPeriod LastClosed(string kind, TimeZoneInfo zone, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var current = Containing(kind, today);
        // Around a skipped midnight the local date can run ahead of the period's end instant: step back until it has ended.
        var candidate = Previous(current);
        while (End(current, zone) <= now)
        {
            candidate = current;
            current = Containing(kind, current.To.AddDays(1));
        }

        while (End(candidate, zone) > now)
        {
            candidate = Previous(candidate);
        }

        return candidate;
    }

    /// <summary>The period a schedule of <paramref name="kind"/> should have sent by <paramref name="now"/>,
    /// or null: the latest period that ended at least <paramref name="delay"/> ago and after <paramref name="activeSince"/>.</summary>
    public static ReportPeriod? Due(string kind, TimeZoneInfo zone, DateTimeOffset activeSince, DateTimeOffset now, TimeSpan delay)
    {
        var period = LastClosed(kind, zone, now - delay);
        return End(period, zone) > activeSince ? period : null;
    }
}
