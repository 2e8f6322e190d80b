using Asteroid.Analytics;

namespace Asteroid.Tests.Analytics;

/// <summary>Small cases whose answers were worked out by hand.</summary>
public sealed class HandComputedMetricsTests
{
    private static readonly TimeZoneInfo Utc = TimeZoneInfo.Utc;
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly DateOnly Nov20 = new(2026, 11, 20);

    [Fact]
    public void A_session_across_midnight_is_split_between_the_days_and_counted_once_over_both()
    {
        // 23:50 → 00:20 UTC, one listener.
        var s = Session(1, At(Nov20, 23, 50), minutes: 30);
        var h = Harness(Utc, s);

        var day1 = h.Range(Nov20, Nov20);
        var day2 = h.Range(Nov20.AddDays(1), Nov20.AddDays(1));
        var both = h.Range(Nov20, Nov20.AddDays(1));

        Assert.Equal((1L, 1L, 10.0, 1L), (day1.Sessions, day1.ActiveSessions, day1.ListenMinutes, day1.UniqueListeners));
        Assert.Equal((0L, 1L, 20.0, 1L), (day2.Sessions, day2.ActiveSessions, day2.ListenMinutes, day2.UniqueListeners));
        Assert.Equal((1L, 1L, 30.0, 1L), (both.Sessions, both.ActiveSessions, both.ListenMinutes, both.UniqueListeners));
        Assert.Equal(30.0, both.AvgSessionMinutes);
        Assert.Equal(Math.Round(30.0 / 2880, 4), both.Aas);
    }

    [Fact]
    public void The_dst_day_in_new_york_has_25_hours_and_its_own_minutes()
    {
        var day = new DateOnly(2026, 11, 1);
        var window = DayWindow.For(day, NewYork);
        var s = Session(1, window.Start, minutes: 150); // 00:00 EDT for two and a half hours

        var h = Harness(NewYork, s);
        var metrics = h.Range(day, day);

        Assert.Equal(25, window.Hours);
        Assert.Equal(100, window.Quarters);
        Assert.Equal(Math.Round(150.0 / 1500, 4), metrics.Aas);
        Assert.Equal(TimeSpan.FromHours(-4), window.HourStart(1).Offset); // 01:00 EDT
        Assert.Equal(TimeSpan.FromHours(-5), window.HourStart(2).Offset); // 01:00 EST, the repeated hour
        Assert.Equal(window.HourStart(1).TimeOfDay, window.HourStart(2).TimeOfDay);
        Assert.Equal(60.0, h.Hour(day, 1).ListenMinutes);
        Assert.Equal(30.0, h.Hour(day, 2).ListenMinutes);
    }

    [Fact]
    public void Fifty_nine_seconds_is_a_short_session_and_sixty_a_qualifying_one()
    {
        var h = Harness(Utc, Session(1, At(Nov20, 10, 0), seconds: 59), Session(2, At(Nov20, 11, 0), seconds: 60));

        var m = h.Range(Nov20, Nov20);

        Assert.Equal((1L, 1L, 1L, 1.0), (m.Sessions, m.ShortSessions, m.UniqueListeners, m.ListenMinutes));
        Assert.Equal(0.5, m.BounceRate);
        Assert.Equal(1, h.Day(Nov20).SessionLengths[0]); // 1-5m
    }

    [Fact]
    public void A_bot_counts_only_as_a_bot_session()
    {
        var bot = Session(9, At(Nov20, 10, 0), minutes: 120) with { IsBot = true };
        var person = Session(1, At(Nov20, 10, 30), minutes: 10);

        var m = Harness(Utc, bot, person).Range(Nov20, Nov20);

        Assert.Equal((1L, 1L, 1L, 10.0, 1), (m.BotSessions, m.Sessions, m.UniqueListeners, m.ListenMinutes, m.PeakConcurrent));
    }

    [Fact]
    public void One_listener_on_two_mounts_and_two_days_is_one_listener_over_the_range_but_two_summed_daily()
    {
        var h = Harness(Utc,
            Session(1, At(Nov20, 9, 0), minutes: 20) with { Mount = "/live.mp3" },
            Session(1, At(Nov20, 9, 10), minutes: 20) with { Mount = "/live.aac" },
            Session(1, At(Nov20.AddDays(1), 9, 0), minutes: 20));

        var day1 = h.Range(Nov20, Nov20);
        var range = h.Range(Nov20, Nov20.AddDays(1));

        Assert.Equal((1L, 2L), (day1.UniqueListeners, day1.ActiveSessions));
        Assert.Equal(1L, range.UniqueListeners);
        Assert.Equal(2L, h.Range(Nov20, Nov20).UniqueListeners + h.Range(Nov20.AddDays(1), Nov20.AddDays(1)).UniqueListeners);
        Assert.Equal(60.0, range.TslMinutes); // 60 listened minutes / 1 listener
        Assert.Equal(1L, range.NewListeners);
        Assert.Equal((0L, 1L), (h.Range(Nov20.AddDays(1), Nov20.AddDays(1)).NewListeners, h.Range(Nov20.AddDays(1), Nov20.AddDays(1)).ReturningListeners));
    }

    [Fact]
    public void Aqh_needs_five_minutes_in_a_quarter_hour_and_counts_overlapping_sessions_of_a_listener_once()
    {
        var quarter = At(Nov20, 10, 0);
        var h = Harness(Utc,
            Session(1, quarter, minutes: 3), Session(1, quarter + 360, minutes: 3),   // 3 + 3 separate minutes: counts
            Session(2, quarter, minutes: 4), Session(2, quarter + 60, minutes: 4));   // 4 and 4 overlapping = 5 minutes: counts

        var hour = h.Hour(Nov20, 10);
        var other = Harness(Utc, Session(3, quarter, minutes: 4), Session(3, quarter, minutes: 4)); // same 4 minutes twice: no

        Assert.Equal(2 / 4.0, hour.Aqh);
        Assert.Equal(Math.Round(2 / 96.0, 4), h.Range(Nov20, Nov20).Aqh);
        Assert.Equal(0, other.Hour(Nov20, 10).Aqh);
    }

    [Fact]
    public void Peak_counts_every_non_bot_session_at_one_instant_and_names_the_first_such_instant()
    {
        var h = Harness(Utc,
            Session(1, At(Nov20, 8, 0), minutes: 30),
            Session(2, At(Nov20, 8, 10), seconds: 30),   // short, still connected
            Session(3, At(Nov20, 20, 0), minutes: 5),
            Session(4, At(Nov20, 20, 1), minutes: 5));

        var m = h.Range(Nov20, Nov20);

        Assert.Equal(2, m.PeakConcurrent);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 8, 10, 0, TimeSpan.Zero), m.PeakAt);
    }

    [Fact]
    public void An_empty_period_divides_by_zero_as_zero()
    {
        var m = Harness(Utc).Range(Nov20, Nov20);

        Assert.Equal((0.0, 0.0, 0.0, 0.0, 0), (m.AvgSessionMinutes, m.TslMinutes, m.BounceRate, m.Aqh, m.PeakConcurrent));
        Assert.Null(m.PeakAt);
    }

    private static AnalyticsHarness Harness(TimeZoneInfo zone, params SessionFact[] sessions) => new AnalyticsHarness(zone, sessions).Feed(sessions);

    private static long At(DateOnly date, int hour, int minute) =>
        new DateTimeOffset(date.ToDateTime(new TimeOnly(hour, minute)), TimeSpan.Zero).ToUnixTimeSeconds();

    private static SessionFact Session(ulong listener, long start, int minutes = 0, int seconds = 0) =>
        new(Guid.NewGuid(), listener, start, start + minutes * 60 + seconds, false, "main", "/live.mp3", "GB", "England", "London", "VLC", "Linux", "desktop");
}
