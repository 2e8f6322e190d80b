using Asteroid.Shows;

namespace Asteroid.Tests.Shows;

/// <summary>Hand-written calendars against the shows computed by hand (America/New_York: EST UTC-5,
/// EDT UTC-4 from 2026-03-08 to 2026-11-01; Europe/London: GMT, BST UTC+1 from 2026-03-29).</summary>
public sealed class IcsScheduleMapperTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static string Calendar(params string[] events) =>
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + string.Concat(events.Select(e => "BEGIN:VEVENT\r\n" + e.Trim().Replace("\n", "\r\n") + "\r\nEND:VEVENT\r\n")) + "END:VCALENDAR\r\n";

    private static DateTimeOffset T(string instant) => DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);

    private static DateOnly D(string date) => DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);

    private static ShowDefinition Only(string ics, TimeZoneInfo? station = null)
    {
        var mapping = IcsScheduleMapper.Map(ics, station ?? NewYork);
        Assert.Empty(mapping.Skipped);
        return Assert.Single(mapping.Shows).Show;
    }

    private static string Slots(ShowDefinition show) => string.Join(" ", show.Slots.Select(s => $"{string.Join(',', s.Days)} {s.Start}-{s.End}"));

    [Fact]
    public void A_weekly_Monday_to_Friday_morning_in_New_York_is_one_open_ended_slot()
    {
        var show = Only(Calendar("""
            UID:morning-drive@example.org
            SUMMARY:Morning Drive
            ORGANIZER;CN=Ann Lee:mailto:ann@example.org
            DTSTART;TZID=America/New_York:20260105T060000
            DTEND;TZID=America/New_York:20260105T100000
            RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR
            """));

        Assert.Equal("morning-drive-example.org", show.Id);
        Assert.Equal("morning-drive@example.org", show.CalendarUid);
        Assert.Equal(("Morning Drive", "Ann Lee"), (show.Name, show.Host));
        Assert.Equal("mon,tue,wed,thu,fri 06:00-10:00", Slots(show));
        Assert.Equal((D("2026-01-05"), (DateOnly?)null), (show.ValidFrom, show.ValidTo));
        Assert.Empty(show.ExceptDates);
        Assert.Empty(show.Episodes);
    }

    [Fact]
    public void An_event_across_midnight_is_a_slot_ending_the_next_day()
    {
        var show = Only(Calendar("""
            UID:late
            SUMMARY:Late Night
            DESCRIPTION:Weekly.\nHost: Bo Diaz
            DTSTART;TZID=America/New_York:20260109T220000
            DTEND;TZID=America/New_York:20260110T020000
            RRULE:FREQ=WEEKLY
            """));

        Assert.Equal("fri 22:00-02:00", Slots(show));
        Assert.Equal("Bo Diaz", show.Host);
    }

    [Fact]
    public void The_fall_back_night_keeps_its_local_times_in_the_station_zone()
    {
        // Weekly Sunday 01:00-03:00 over the change of 2026-11-01: the slot is the same local hours,
        // which the schedule expands to three real hours that night; nothing is an exception.
        var show = Only(Calendar("""
            UID:night
            SUMMARY:Night
            DTSTART;TZID=America/New_York:20261025T010000
            DTEND;TZID=America/New_York:20261025T030000
            RRULE:FREQ=WEEKLY;COUNT=3
            """));

        Assert.Equal("sun 01:00-03:00", Slots(show));
        Assert.Equal((D("2026-10-25"), (DateOnly?)D("2026-11-08")), (show.ValidFrom, show.ValidTo));
        Assert.Empty(show.ExceptDates);
        Assert.Empty(show.Episodes);
    }

    [Fact]
    public void An_event_in_London_is_converted_week_by_week_across_both_DST_changes()
    {
        // Mondays 12:00-13:00 London, 10 weeks from 2026-03-02. In New York: 03-02 07:00 EST (12:00Z);
        // 03-09, 03-16, 03-23 08:00 EDT (12:00Z, London still GMT); from 03-30 07:00 EDT (11:00Z, BST).
        var show = Only(Calendar("""
            UID:london
            SUMMARY:From London
            DTSTART;TZID=Europe/London:20260302T120000
            DTEND;TZID=Europe/London:20260302T130000
            RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=10
            """));

        Assert.Equal("mon 07:00-08:00", Slots(show));
        Assert.Equal((D("2026-03-02"), (DateOnly?)D("2026-05-04")), (show.ValidFrom, show.ValidTo));
        Assert.Equal([D("2026-03-09"), D("2026-03-16"), D("2026-03-23")], show.ExceptDates);
        Assert.Equal([
            new OneOffEpisode(T("2026-03-09T12:00:00Z"), T("2026-03-09T13:00:00Z")),
            new OneOffEpisode(T("2026-03-16T12:00:00Z"), T("2026-03-16T13:00:00Z")),
            new OneOffEpisode(T("2026-03-23T12:00:00Z"), T("2026-03-23T13:00:00Z")),
        ], show.Episodes);

        // What the schedule makes of it: exactly the calendar's ten instants.
        var episodes = ScheduleExpander.Expand([show], NewYork, T("2026-03-01T00:00:00Z"), T("2026-06-01T00:00:00Z"));
        Assert.Equal(10, episodes.Count);
        Assert.Equal(T("2026-03-02T12:00:00Z"), episodes[0].Start);
        Assert.Equal(T("2026-03-30T11:00:00Z"), episodes[4].Start);
        Assert.All(episodes, e => Assert.Equal(TimeSpan.FromHours(1), e.End - e.Start));
    }

    [Fact]
    public void An_open_ended_event_in_a_zone_with_other_DST_dates_is_skipped_with_the_reason()
    {
        var mapping = IcsScheduleMapper.Map(Calendar("""
            UID:london
            SUMMARY:From London
            DTSTART;TZID=Europe/London:20260302T120000
            DTEND;TZID=Europe/London:20260302T130000
            RRULE:FREQ=WEEKLY;BYDAY=MO
            """), NewYork);

        Assert.Empty(mapping.Shows);
        var skipped = Assert.Single(mapping.Skipped);
        Assert.Equal("london", skipped.Uid);
        Assert.Contains("UNTIL or COUNT", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_UTC_event_in_a_UTC_station_is_open_ended()
    {
        var show = Only(Calendar("""
            UID:utc
            SUMMARY:News
            DTSTART:20260105T120000Z
            DTEND:20260105T121500Z
            RRULE:FREQ=DAILY
            """), TimeZoneInfo.Utc);

        Assert.Equal("mon,tue,wed,thu,fri,sat,sun 12:00-12:15", Slots(show));
        Assert.Null(show.ValidTo);
    }

    [Fact]
    public void COUNT_and_UNTIL_give_the_last_local_date()
    {
        var counted = Only(Calendar("""
            UID:c
            SUMMARY:Counted
            DTSTART;TZID=America/New_York:20260105T060000
            DTEND;TZID=America/New_York:20260105T100000
            RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;COUNT=5
            """));
        var until = Only(Calendar("""
            UID:u
            SUMMARY:Until
            DTSTART;TZID=America/New_York:20260105T060000
            DTEND;TZID=America/New_York:20260105T100000
            RRULE:FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260128T110000Z
            """));

        Assert.Equal((D("2026-01-05"), (DateOnly?)D("2026-01-09")), (counted.ValidFrom, counted.ValidTo));
        // 2026-01-28 06:00 EST is 11:00Z: included; the last date is that Wednesday.
        Assert.Equal((D("2026-01-05"), (DateOnly?)D("2026-01-28")), (until.ValidFrom, until.ValidTo));
        Assert.Equal("mon,wed 06:00-10:00", Slots(until));
    }

    [Fact]
    public void EXDATE_is_an_except_date_and_a_moved_instance_a_one_off_episode()
    {
        var show = Only(Calendar("""
            UID:m
            SUMMARY:Morning
            DTSTART;TZID=America/New_York:20260105T060000
            DTEND;TZID=America/New_York:20260105T100000
            RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR
            EXDATE;TZID=America/New_York:20260107T060000
            """, """
            UID:m
            SUMMARY:Morning (late)
            RECURRENCE-ID;TZID=America/New_York:20260108T060000
            DTSTART;TZID=America/New_York:20260108T080000
            DTEND;TZID=America/New_York:20260108T120000
            """));

        Assert.Equal("mon,tue,wed,thu,fri 06:00-10:00", Slots(show));
        Assert.Equal([D("2026-01-07"), D("2026-01-08")], show.ExceptDates);
        Assert.Equal([new OneOffEpisode(T("2026-01-08T13:00:00Z"), T("2026-01-08T17:00:00Z"))], show.Episodes);

        var week = ScheduleExpander.Expand([show], NewYork, T("2026-01-05T00:00:00Z"), T("2026-01-10T00:00:00Z"));
        Assert.Equal([T("2026-01-05T11:00:00Z"), T("2026-01-06T11:00:00Z"), T("2026-01-08T13:00:00Z"), T("2026-01-09T11:00:00Z")], week.Select(e => e.Start));
    }

    [Fact]
    public void A_single_event_is_a_one_off_episode()
    {
        var show = Only(Calendar("""
            UID:special-1
            SUMMARY:Election Night
            DTSTART;TZID=America/New_York:20261103T200000
            DURATION:PT5H
            """));

        Assert.Empty(show.Slots);
        Assert.Equal([new OneOffEpisode(T("2026-11-04T01:00:00Z"), T("2026-11-04T06:00:00Z"))], show.Episodes);
    }

    [Theory]
    [InlineData("RRULE:FREQ=MONTHLY;BYDAY=1MO", "FREQ=MONTHLY")]
    [InlineData("RRULE:FREQ=DAILY;INTERVAL=2", "INTERVAL=2")]
    [InlineData("RRULE:FREQ=WEEKLY;BYMONTH=1,2", "BYMONTH")]
    public void Rules_that_are_not_weekly_slots_are_skipped_with_the_reason(string rule, string reason)
    {
        var mapping = IcsScheduleMapper.Map(Calendar($"""
            UID:x
            SUMMARY:X
            DTSTART;TZID=America/New_York:20260105T060000
            DTEND;TZID=America/New_York:20260105T100000
            {rule}
            """, """
            UID:ok
            SUMMARY:Fine
            DTSTART;TZID=America/New_York:20260105T120000
            DTEND;TZID=America/New_York:20260105T130000
            RRULE:FREQ=WEEKLY
            """), NewYork);

        Assert.Equal("ok", Assert.Single(mapping.Shows).Show.Id);
        var skipped = Assert.Single(mapping.Skipped);
        Assert.Equal(("x", 4), (skipped.Uid, skipped.Line));
        Assert.Contains(reason, skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void All_day_events_unknown_zones_and_missing_names_are_skipped()
    {
        var mapping = IcsScheduleMapper.Map(Calendar("""
            UID:allday
            SUMMARY:Holiday
            DTSTART;VALUE=DATE:20261225
            """, """
            UID:zone
            SUMMARY:Mars
            DTSTART;TZID=Mars/Olympus:20260105T060000
            DTEND;TZID=Mars/Olympus:20260105T070000
            """, """
            UID:noname
            DTSTART:20260105T060000Z
            DTEND:20260105T070000Z
            """), NewYork);

        Assert.Empty(mapping.Shows);
        Assert.Equal(["all-day", "unknown time zone 'Mars/Olympus'", "no SUMMARY"],
            mapping.Skipped.Select(s => s.Reason.Contains("all-day", StringComparison.Ordinal) ? "all-day" : s.Reason.Split(':')[0]));
    }

    [Fact]
    public void Windows_zone_names_are_understood()
    {
        var show = Only(Calendar("""
            UID:w
            SUMMARY:Outlook
            DTSTART;TZID=Eastern Standard Time:20260105T060000
            DTEND;TZID=Eastern Standard Time:20260105T100000
            RRULE:FREQ=WEEKLY;BYDAY=MO
            """));

        Assert.Equal("mon 06:00-10:00", Slots(show));
        Assert.Null(show.ValidTo);
    }

    [Theory]
    [InlineData("garbage\r\n", 1, "BEGIN:VCALENDAR")]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nthis is not a property\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", 3, "not an iCalendar content line")]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nEND:VCALENDAR\r\n", 4, "closes BEGIN:VEVENT of line 2")]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\n", 2, "never closed")]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20260101T000000Z\r\nRRULE:FREQ=SOMETIMES\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", 5, "SOMETIMES")]
    [InlineData("", 0, "empty")]
    public void Malformed_input_names_the_line_and_the_cause(string ics, int line, string cause)
    {
        var error = Assert.Throws<IcsFormatException>(() => IcsScheduleMapper.Map(ics, NewYork));

        Assert.Equal(line, error.Line);
        Assert.Contains(cause, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_calendar_of_century_long_daily_rules_is_bounded_in_work_and_says_so()
    {
        var events = Enumerable.Range(0, 200).Select(i => $"""
            UID:e{i}
            SUMMARY:E{i}
            DTSTART:20260101T{i / 60:00}{i % 60:00}00Z
            DTEND:20260101T{(i / 60) + 1:00}{i % 60:00}00Z
            RRULE:FREQ=DAILY;UNTIL=21000101T000000Z
            """).ToArray();
        var started = System.Diagnostics.Stopwatch.StartNew();

        var mapping = IcsScheduleMapper.Map(Calendar(events), TimeZoneInfo.Utc);

        // 27,029 days each: 11 fit in the budget of 300,000 occurrences, the others are skipped.
        Assert.Equal(11, mapping.Shows.Count);
        Assert.Equal(189, mapping.Skipped.Count);
        Assert.All(mapping.Skipped, s => Assert.Contains("more recurring occurrences than one import checks", s.Reason, StringComparison.Ordinal));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(60), $"took {started.Elapsed}");
    }

    [Fact]
    public void Huge_COUNTs_spend_the_budget_as_they_expand_so_the_rest_of_the_file_is_skipped_cheaply()
    {
        // Each rule would run past 2200: without the budget spent while expanding, every one of the
        // 2000 events walks 40,000 days; with it, the first seven use the budget up and the others stop at once.
        var events = Enumerable.Range(0, IcsText.MaxEvents).Select(i => $"UID:huge-{i}\nSUMMARY:Huge {i}\nDTSTART:20260101T{i % 24:00}0000Z\nDURATION:PT30M\nRRULE:FREQ=DAILY;COUNT=100000000").ToArray();
        events[^1] = "UID:fine\nSUMMARY:Fine\nDTSTART:20260105T100000Z\nDURATION:PT1H";
        var started = System.Diagnostics.Stopwatch.StartNew();

        var mapping = IcsScheduleMapper.Map(Calendar(events), TimeZoneInfo.Utc);

        Assert.Equal("fine", Assert.Single(mapping.Shows).Show.Id);
        Assert.Equal(IcsText.MaxEvents - 1, mapping.Skipped.Count);
        Assert.True(mapping.Skipped.Count(s => s.Reason.Contains("more recurring occurrences than one import checks", StringComparison.Ordinal)) >= IcsText.MaxEvents - 10,
            string.Join("; ", mapping.Skipped.Select(s => s.Reason).Distinct()));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(20), $"took {started.Elapsed}");
    }

    [Theory]
    [InlineData("DTSTART:18991231T100000Z\nDURATION:PT1H", "outside the dates a calendar may use")]
    [InlineData("DTSTART:22010101T100000Z\nDURATION:PT1H", "outside the dates a calendar may use")]
    [InlineData("DTSTART:21900101T100000Z\nDURATION:PT1H\nRRULE:FREQ=WEEKLY;COUNT=1000", "runs past 2200")]
    public void Dates_outside_1900_to_2200_are_skipped_with_the_reason_and_the_other_events_kept(string times, string reason)
    {
        var mapping = IcsScheduleMapper.Map(Calendar($"UID:far\nSUMMARY:Far\n{times}", "UID:near\nSUMMARY:Near\nDTSTART:20260105T100000Z\nDURATION:PT1H"), TimeZoneInfo.Utc);

        Assert.Equal("near", Assert.Single(mapping.Shows).Show.Id);
        Assert.Contains(reason, Assert.Single(mapping.Skipped).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_most_events_a_file_may_have_map_one_by_one()
    {
        var events = Enumerable.Range(0, IcsText.MaxEvents).Select(i => $"UID:one-{i}\nSUMMARY:One {i}\nDTSTART:2026{1 + i / 28 % 12:00}{1 + i % 28:00}T{i % 24:00}0000Z\nDURATION:PT30M").ToArray();
        var started = System.Diagnostics.Stopwatch.StartNew();

        var mapping = IcsScheduleMapper.Map(Calendar(events), NewYork);

        Assert.Equal(IcsText.MaxEvents, mapping.Shows.Count);
        Assert.Equal(4 + 6 * (IcsText.MaxEvents - 1), mapping.Shows[^1].Line); // BEGIN:VEVENT lines: after 3 header lines, 6 lines an event
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), $"took {started.Elapsed}");
    }

    [Fact]
    public void A_long_UID_is_slugged_within_the_id_rule()
    {
        Assert.Equal("abc-def-ghi", IcsScheduleMapper.Slug("  ABC def@@ghi!"));
        Assert.Equal("event", IcsScheduleMapper.Slug("@@@"));
        Assert.Equal(56, IcsScheduleMapper.Slug(new string('a', 300)).Length);
    }
}
