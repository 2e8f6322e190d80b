using Asteroid.ScheduledReports;

namespace Asteroid.Tests.Alerts;

public sealed class ReportPeriodsTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Santiago = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago");
    private static readonly TimeSpan Delay = TimeSpan.FromMinutes(15);
    private static readonly DateTimeOffset LongAgo = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    private static DateTimeOffset Utc(int y, int m, int d, int h, int min = 0) => new(y, m, d, h, min, 0, TimeSpan.Zero);

    [Fact]
    public void The_spring_forward_day_in_New_York_is_23_hours_and_its_report_is_due_15_minutes_after_local_midnight()
    {
        var day = ReportPeriods.Containing("daily", D(2026, 3, 8));

        Assert.Equal(Utc(2026, 3, 8, 5), ReportPeriods.Start(day, NewYork));
        Assert.Equal(Utc(2026, 3, 9, 4), ReportPeriods.End(day, NewYork)); // midnight EDT
        Assert.Equal(D(2026, 3, 7), ReportPeriods.Due("daily", NewYork, LongAgo, Utc(2026, 3, 9, 4, 14), Delay)!.Value.From);
        Assert.Equal(day, ReportPeriods.Due("daily", NewYork, LongAgo, Utc(2026, 3, 9, 4, 15), Delay));
    }

    [Fact]
    public void The_fall_back_day_in_New_York_is_25_hours()
    {
        var day = ReportPeriods.Containing("daily", D(2026, 11, 1));

        Assert.Equal(TimeSpan.FromHours(25), ReportPeriods.End(day, NewYork) - ReportPeriods.Start(day, NewYork));
        Assert.Equal(Utc(2026, 11, 2, 5), ReportPeriods.End(day, NewYork)); // midnight EST
        // 00:30 EST on 2 November: the 1st has ended, the 2nd not.
        Assert.Equal(day, ReportPeriods.LastClosed("daily", NewYork, Utc(2026, 11, 2, 5, 30)));
        Assert.Equal(D(2026, 10, 31), ReportPeriods.LastClosed("daily", NewYork, Utc(2026, 11, 2, 4, 59)).From);
    }

    [Fact]
    public void A_day_whose_midnight_is_skipped_starts_at_the_end_of_the_gap()
    {
        // Chile springs forward at 24:00 on the first Saturday of September: 6 September 2026 has no 00:00.
        var before = ReportPeriods.Containing("daily", D(2026, 9, 5));
        var skipped = ReportPeriods.Containing("daily", D(2026, 9, 6));

        Assert.Equal(ReportPeriods.End(before, Santiago), ReportPeriods.Start(skipped, Santiago));
        Assert.Equal(TimeSpan.FromHours(23), ReportPeriods.End(skipped, Santiago) - ReportPeriods.Start(skipped, Santiago));
        Assert.Equal(before, ReportPeriods.LastClosed("daily", Santiago, ReportPeriods.Start(skipped, Santiago)));
    }

    [Theory]
    [InlineData(2026, 1, 1, 2025, 12, 29, 2026, 1, 4, "2026-W01")] // a Thursday: the ISO week starts in December
    [InlineData(2027, 1, 1, 2026, 12, 28, 2027, 1, 3, "2026-W53")] // a Friday: the last week of 2026 (a 53-week year)
    [InlineData(2026, 12, 7, 2026, 12, 7, 2026, 12, 13, "2026-W50")] // a Monday starts its week
    [InlineData(2026, 12, 13, 2026, 12, 7, 2026, 12, 13, "2026-W50")] // a Sunday ends it
    public void Weeks_are_iso_weeks_monday_to_sunday(int y, int m, int d, int fy, int fm, int fd, int ty, int tm, int td, string label)
    {
        var week = ReportPeriods.Containing("weekly", D(y, m, d));

        Assert.Equal((D(fy, fm, fd), D(ty, tm, td)), (week.From, week.To));
        Assert.Equal(label, week.ToString());
    }

    [Fact]
    public void A_week_is_due_after_sunday_local_midnight_and_the_previous_week_is_its_comparison()
    {
        // Sunday 8 March 2026 is the spring-forward day: the week ends at 04:00 UTC on Monday.
        var week = ReportPeriods.Containing("weekly", D(2026, 3, 5));

        Assert.Equal((D(2026, 3, 2), D(2026, 3, 8)), (week.From, week.To));
        Assert.Equal(TimeSpan.FromHours(7 * 24 - 1), ReportPeriods.End(week, NewYork) - ReportPeriods.Start(week, NewYork));
        Assert.Equal(D(2026, 2, 23), ReportPeriods.Due("weekly", NewYork, LongAgo, Utc(2026, 3, 9, 4, 10), Delay)!.Value.From);
        Assert.Equal(week, ReportPeriods.Due("weekly", NewYork, LongAgo, Utc(2026, 3, 9, 4, 20), Delay));
        Assert.Equal((D(2026, 2, 23), D(2026, 3, 1)), (ReportPeriods.Previous(week).From, ReportPeriods.Previous(week).To));
    }

    [Theory]
    [InlineData(2026, 2, 10, 2026, 2, 28)]
    [InlineData(2028, 2, 29, 2028, 2, 29)] // leap year
    [InlineData(2026, 12, 31, 2026, 12, 31)]
    [InlineData(2026, 4, 1, 2026, 4, 30)]
    public void Months_end_on_their_last_day(int y, int m, int d, int ty, int tm, int td)
    {
        var month = ReportPeriods.Containing("monthly", D(y, m, d));

        Assert.Equal((D(y, m, 1), D(ty, tm, td)), (month.From, month.To));
    }

    [Fact]
    public void A_month_is_due_after_local_midnight_of_its_last_day_and_the_comparison_is_the_month_before()
    {
        Assert.Equal(D(2026, 1, 1), ReportPeriods.LastClosed("monthly", NewYork, Utc(2026, 3, 1, 4, 59)).From); // 23:59 on 28 February in New York
        var february = ReportPeriods.LastClosed("monthly", NewYork, Utc(2026, 3, 1, 5, 0));
        Assert.Equal((D(2026, 2, 1), D(2026, 2, 28), "2026-02"), (february.From, february.To, february.ToString()));
        Assert.Equal((D(2026, 1, 1), D(2026, 1, 31)), (ReportPeriods.Previous(february).From, ReportPeriods.Previous(february).To));
        var march = ReportPeriods.Containing("monthly", D(2026, 3, 15));
        Assert.Equal(TimeSpan.FromHours(31 * 24 - 1), ReportPeriods.End(march, NewYork) - ReportPeriods.Start(march, NewYork));
    }

    [Fact]
    public void After_three_days_down_only_the_latest_missed_day_is_due()
    {
        // Daily report sent for 1 December; the service was down from 2 to 5 December, back at 09:00 UTC.
        var due = ReportPeriods.Due("daily", NewYork, LongAgo, Utc(2026, 12, 5, 9), Delay);

        Assert.Equal(ReportPeriods.Containing("daily", D(2026, 12, 4)), due); // the 2nd and 3rd are not replayed
    }

    [Fact]
    public void A_period_that_ended_before_the_schedule_was_active_is_not_due()
    {
        var created = Utc(2026, 12, 2, 15); // 10:00 in New York on 2 December

        Assert.Null(ReportPeriods.Due("daily", NewYork, created, Utc(2026, 12, 2, 16), Delay));
        Assert.Null(ReportPeriods.Due("monthly", NewYork, created, Utc(2026, 12, 31, 16), Delay));
        Assert.Equal(D(2026, 12, 2), ReportPeriods.Due("daily", NewYork, created, Utc(2026, 12, 3, 5, 15), Delay)!.Value.From);
        Assert.Equal(D(2026, 12, 1), ReportPeriods.Due("monthly", NewYork, created, Utc(2027, 1, 1, 5, 15), Delay)!.Value.From);
    }

    [Fact]
    public void The_due_period_is_the_same_at_every_check_until_the_next_one_ends()
    {
        // Checked every minute over two days: only two distinct periods become due, each exactly once per change.
        var seen = new List<ReportPeriod>();
        for (var t = Utc(2026, 11, 1, 0); t < Utc(2026, 11, 3, 6); t = t.AddMinutes(1))
        {
            if (ReportPeriods.Due("daily", NewYork, LongAgo, t, Delay) is { } p && (seen.Count == 0 || seen[^1] != p))
            {
                seen.Add(p);
            }
        }

        Assert.Equal([D(2026, 10, 30), D(2026, 10, 31), D(2026, 11, 1), D(2026, 11, 2)], seen.Select(p => p.From));
    }
}
