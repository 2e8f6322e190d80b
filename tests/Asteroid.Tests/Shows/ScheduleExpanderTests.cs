using Asteroid.Shows;

namespace Asteroid.Tests.Shows;

/// <summary>Episodes of a schedule against instants computed by hand (America/New_York: EDT is
/// UTC-4 until 2026-11-01 02:00 local, then EST UTC-5; 2026-03-08 02:00 EST jumps to 03:00 EDT).</summary>
public sealed class ScheduleExpanderTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static ShowDefinition Show(string id, params ShowSlot[] slots) => new(id, id, null, slots, null, null, []);

    private static ShowSlot Slot(string days, string start, string end) => new(days.Split(','), start, end);

    private static DateTimeOffset T(string instant) => DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);

    private static IReadOnlyList<Episode> Day(string date, params ShowDefinition[] shows)
    {
        var d = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
        return ScheduleExpander.Expand(shows, NewYork, LocalTimes.ToInstant(d.ToDateTime(TimeOnly.MinValue), NewYork),
            LocalTimes.ToInstant(d.AddDays(1).ToDateTime(TimeOnly.MinValue), NewYork));
    }

    [Fact]
    public void A_morning_slot_on_the_fall_back_day_is_still_four_local_hours()
    {
        var episode = Assert.Single(Day("2026-11-01", Show("morning", Slot("sun", "06:00", "10:00"))));

        Assert.Equal((T("2026-11-01T11:00:00Z"), T("2026-11-01T15:00:00Z")), (episode.Start, episode.End));
        Assert.Equal(TimeSpan.FromHours(4), episode.End - episode.Start);
    }

    [Fact]
    public void A_one_to_three_slot_on_the_fall_back_day_is_three_real_hours()
    {
        // 01:00 happens twice: the first (EDT, 05:00Z); 03:00 is EST (08:00Z).
        var episode = Assert.Single(Day("2026-11-01", Show("night", Slot("sun", "01:00", "03:00"))));

        Assert.Equal((T("2026-11-01T05:00:00Z"), T("2026-11-01T08:00:00Z")), (episode.Start, episode.End));
    }

    [Fact]
    public void A_slot_in_the_spring_forward_gap_starts_when_the_clock_reaches_it()
    {
        // 02:30 does not exist on 2026-03-08: read with the offset before the change (EST), i.e. 03:30 EDT.
        var episode = Assert.Single(Day("2026-03-08", Show("gap", Slot("sun", "02:30", "04:00"))));

        Assert.Equal((T("2026-03-08T07:30:00Z"), T("2026-03-08T08:00:00Z")), (episode.Start, episode.End));
    }

    [Fact]
    public void A_slot_across_midnight_belongs_to_the_day_it_starts_on()
    {
        var late = Show("late", Slot("fri", "22:00", "02:00"));

        var friday = Assert.Single(Day("2026-11-06", late));
        Assert.Equal((T("2026-11-07T03:00:00Z"), T("2026-11-07T07:00:00Z")), (friday.Start, friday.End));
        Assert.Empty(Day("2026-11-07", late));
    }

    [Fact]
    public void A_slot_ending_at_24_00_ends_at_midnight()
    {
        var episode = Assert.Single(Day("2026-11-02", Show("evening", Slot("mon", "19:00", "24:00"))));

        Assert.Equal((T("2026-11-03T00:00:00Z"), T("2026-11-03T05:00:00Z")), (episode.Start, episode.End));
    }

    [Fact]
    public void A_one_off_episode_replaces_the_recurring_episodes_it_overlaps()
    {
        var morning = Show("morning", Slot("mon,tue,wed,thu,fri", "06:00", "10:00"));
        var special = new ShowDefinition("special", "Election special", null, [], null, null,
            [new OneOffEpisode(T("2026-11-04T06:30:00-05:00"), T("2026-11-04T08:00:00-05:00"))]);

        var wednesday = Day("2026-11-04", morning, special);
        var only = Assert.Single(wednesday);
        Assert.Equal(("special", true, T("2026-11-04T11:30:00Z")), (only.ShowId, only.OneOff, only.Start));
        Assert.Equal("morning", Assert.Single(Day("2026-11-05", morning, special)).ShowId);
    }

    [Fact]
    public void Slots_apply_only_on_the_local_dates_of_their_validity()
    {
        var show = Show("weekly", Slot("mon,tue,wed,thu,fri,sat,sun", "12:00", "13:00")) with
        {
            ValidFrom = new DateOnly(2026, 11, 3), ValidTo = new DateOnly(2026, 11, 4),
        };

        var episodes = ScheduleExpander.Expand([show], NewYork, T("2026-11-01T00:00:00Z"), T("2026-11-10T00:00:00Z"));

        Assert.Equal([T("2026-11-03T17:00:00Z"), T("2026-11-04T17:00:00Z")], episodes.Select(e => e.Start));
    }

    [Fact]
    public void Daypart_windows_are_its_local_hours_clipped_to_the_range()
    {
        var overnight = new Daypart("overnight", "Overnight", [Slot("mon,tue,wed,thu,fri,sat,sun", "00:00", "06:00")]);

        var windows = ScheduleExpander.Windows(overnight, NewYork, T("2026-11-01T04:00:00Z"), T("2026-11-02T05:00:00Z"));

        // 2026-11-01 00:00 EDT to 06:00 EST: seven real hours on the fall-back night.
        var window = Assert.Single(windows);
        Assert.Equal((T("2026-11-01T04:00:00Z"), T("2026-11-01T11:00:00Z")), window);
    }
}
