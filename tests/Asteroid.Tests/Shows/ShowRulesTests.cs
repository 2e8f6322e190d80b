using Asteroid.Shows;

namespace Asteroid.Tests.Shows;

/// <summary>What a show may hold, and when two shows overlap.</summary>
public sealed class ShowRulesTests
{
    private static ShowDefinition Show(string id, string days, string start, string end, DateOnly? from = null, DateOnly? to = null) =>
        new(id, id, null, [new ShowSlot(days.Split(','), start, end)], from, to, []);

    [Fact]
    public void Overlapping_slots_are_refused_with_the_other_show_named()
    {
        var conflict = ShowRules.FindConflict(Show("b", "mon", "09:00", "11:00"), [Show("a", "mon,tue", "06:00", "10:00")]);

        Assert.NotNull(conflict);
        Assert.Equal("a", conflict.Value.ShowId);
        Assert.Contains("show 'a'", conflict.Value.Detail, StringComparison.Ordinal);
        Assert.Contains("mon 09:00", conflict.Value.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_slot_across_midnight_overlaps_the_next_morning()
    {
        Assert.Equal("late", ShowRules.FindConflict(Show("early", "sat", "01:00", "03:00"), [Show("late", "fri", "22:00", "02:00")])?.ShowId);
        Assert.Null(ShowRules.FindConflict(Show("early", "sat", "02:00", "03:00"), [Show("late", "fri", "22:00", "02:00")]));
    }

    [Fact]
    public void Back_to_back_slots_and_other_days_do_not_overlap()
    {
        Assert.Null(ShowRules.FindConflict(Show("b", "mon", "10:00", "15:00"), [Show("a", "mon", "06:00", "10:00")]));
        Assert.Null(ShowRules.FindConflict(Show("b", "tue", "06:00", "10:00"), [Show("a", "mon", "06:00", "10:00")]));
    }

    [Fact]
    public void Shows_valid_on_different_dates_may_share_a_slot_but_not_a_night_across_the_change()
    {
        var old = Show("old", "mon,tue,wed,thu,fri", "06:00", "10:00", to: new DateOnly(2026, 11, 30));
        Assert.Null(ShowRules.FindConflict(Show("new", "mon,tue,wed,thu,fri", "06:00", "10:00", from: new DateOnly(2026, 12, 1)), [old]));

        // Monday 2026-11-30 23:00 to Tuesday 01:00 runs into the new show's first Tuesday 00:00.
        var night = Show("night", "mon", "23:00", "01:00", to: new DateOnly(2026, 11, 30));
        Assert.Equal("night", ShowRules.FindConflict(Show("dawn", "tue", "00:00", "02:00", from: new DateOnly(2026, 12, 1)), [night])?.ShowId);
    }

    [Fact]
    public void A_show_whose_own_slots_overlap_is_refused_and_replacing_a_show_ignores_its_old_version()
    {
        var twice = new ShowDefinition("x", "x", null, [new ShowSlot(["mon"], "06:00", "10:00"), new ShowSlot(["mon"], "08:00", "09:00")], null, null, []);
        Assert.Equal("x", ShowRules.FindConflict(twice, [])?.ShowId);
        Assert.Null(ShowRules.FindConflict(Show("a", "mon", "07:00", "11:00"), [Show("a", "mon", "06:00", "10:00")]));
    }

    [Fact]
    public void One_off_episodes_overlap_only_other_one_off_episodes()
    {
        var start = new DateTimeOffset(2026, 11, 4, 11, 30, 0, TimeSpan.Zero);
        var special = new ShowDefinition("special", "Special", null, [], null, null, [new OneOffEpisode(start, start.AddHours(2))]);
        var other = new ShowDefinition("other", "Other", null, [], null, null, [new OneOffEpisode(start.AddHours(1), start.AddHours(3))]);

        Assert.Null(ShowRules.FindConflict(special, [Show("morning", "wed", "06:00", "10:00")]));
        Assert.Equal("other", ShowRules.FindConflict(special, [other])?.ShowId);
    }

    [Theory]
    [InlineData("funday", "06:00", "10:00", "slots[0]")]
    [InlineData("mon", "25:00", "10:00", "slots[0]")]
    [InlineData("mon", "06:00", "24:01", "slots[0]")]
    [InlineData("mon", "6:00", "10:00", "slots[0]")]
    [InlineData("mon", "24:00", "10:00", "slots[0]")]
    public void Bad_days_and_times_are_named(string days, string start, string end, string field)
    {
        var errors = ShowRules.Check("s", "Show", null, [new ShowSlot(days.Split(','), start, end)], null, null, []);

        Assert.Contains(field, errors.Keys);
    }

    [Fact]
    public void A_valid_show_has_no_errors_and_an_empty_one_is_refused()
    {
        Assert.Empty(ShowRules.Check("morning", "Morning", "Ann", [new ShowSlot(["mon", "fri"], "19:00", "24:00")], new DateOnly(2026, 1, 1), null, []));
        Assert.Contains("slots", ShowRules.Check("morning", "Morning", null, [], null, null, []).Keys);
        Assert.Contains("validTo", ShowRules.Check("m", "M", null, [new ShowSlot(["mon"], "06:00", "07:00")], new DateOnly(2026, 2, 1), new DateOnly(2026, 1, 1), []).Keys);
        Assert.Contains("showId", ShowRules.Check("Not An Id", "M", null, [new ShowSlot(["mon"], "06:00", "07:00")], null, null, []).Keys);
    }

    [Fact]
    public void The_default_dayparts_are_valid_and_cover_the_week_once()
    {
        Assert.Empty(ShowRules.CheckDayparts(DefaultDayparts.Triton));
        var zone = TimeZoneInfo.Utc;
        var from = new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero); // a Monday
        var hours = DefaultDayparts.Triton.Sum(d => ScheduleExpander.Windows(d, zone, from, from.AddDays(7)).Sum(w => (w.End - w.Start).TotalHours));
        Assert.Equal(7 * 24, hours); // Sat-Sun 00-06 are in overnight, Mon-Fri 00-06 too
    }
}
