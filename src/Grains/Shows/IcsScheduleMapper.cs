using System.Globalization;
using System.Text;
using Asteroid.Icecast;
using Ical.Net;
using Calendar = Ical.Net.Calendar;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;

namespace Asteroid.Shows;

/// <summary>An event of the calendar as a show: <see cref="ShowDefinition.Id"/> is the proposed id
/// (the UID slugged; the import may add <c>-2</c>…), <see cref="ShowDefinition.CalendarUid"/> the UID.</summary>
public sealed record class IcsEventShow(int Line, ShowDefinition Show);

public sealed record class IcsMapping(IReadOnlyList<IcsEventShow> Shows, IReadOnlyList<IcsSkippedEvent> Skipped);

/// <summary>An iCalendar text as shows of a station (pure, Ical.Net for the parsing). Rules:
/// <list type="bullet">
/// <item>each VEVENT (with the instances overriding it: same UID and a RECURRENCE-ID) is one show;
/// its id is the UID slugged (lowercase letters, digits, '.', '_', '-'; at most 56 characters), its
/// name the SUMMARY, its host the ORGANIZER's CN or else a <c>Host: …</c> line of the DESCRIPTION;</item>
/// <item>times: DTSTART/DTEND with a TZID are read in that zone (IANA or Windows names), UTC ones as
/// UTC, floating ones in the station's zone; an occurrence lasts from its local start to its local
/// end in its zone (the schedule's rule: a 00:00–06:00 event is 00:00–06:00 on a DST change day,
/// where RFC 5545 keeps the exact duration); DURATION is used when there is no DTEND;</item>
/// <item>an event without RRULE becomes one-off episodes (DTSTART and each RDATE, less EXDATEs);</item>
/// <item>RRULE FREQ=WEEKLY (or DAILY) with INTERVAL=1, BYDAY without ordinals (or none: the day of
/// DTSTART, or every day for DAILY) and nothing else but COUNT, UNTIL and WKST becomes weekly slots in
/// the station's zone: for each weekday the time most of its occurrences have there; validFrom is the
/// local date of the first occurrence, validTo that of the last (COUNT/UNTIL) or open;</item>
/// <item>every occurrence the slots would not reproduce exactly as instants is settled per date: a
/// date where the slots would air and the calendar has nothing (EXDATE, an instance moved or
/// cancelled through RECURRENCE-ID, a week where the event's zone and the station's differ in DST)
/// goes to <see cref="ShowDefinition.ExceptDates"/>, and an occurrence the slots do not have (a moved
/// instance, an RDATE, that DST week) becomes a one-off episode of the show;</item>
/// <item>skipped with a reason, never guessed: other frequencies, INTERVAL&gt;1, BYMONTH/BYSETPOS and
/// the like, several RRULEs, EXRULE, all-day events, unknown zones, occurrences over 24 hours, an
/// open-ended rule whose times in the station's zone drift with another zone's DST, cancelled
/// events, events without UID, SUMMARY or DTSTART.</item>
/// </list></summary>
public static class IcsScheduleMapper
{
    /// <summary>How far an open-ended rule is compared with its slots (two DST cycles of any zone).</summary>
    private const int OpenEndedHorizonDays = 800;
    private const int MaxRuleDays = 40000;

    /// <summary>The rule occurrences one import expands in all (each is converted and compared a few
    /// times): past it, further recurring events are skipped, so a hostile file costs seconds, not minutes
    /// (1 s here alone, 7 s with the machine busy).</summary>
    public const int MaxOccurrences = 300_000;

    /// <summary>The dates a calendar may use: an event starting outside them is skipped, a rule stops at the last.</summary>
    public static readonly DateOnly FirstDate = new(1900, 1, 1);
    public static readonly DateOnly LastDate = new(2200, 12, 31);

    private static readonly string OverBudget = $"the calendar has more recurring occurrences than one import checks ({MaxOccurrences}): import it in parts";

    private sealed class Budget
    {
        public int Left { get; set; } = MaxOccurrences;
    }

    /// <summary>The shows of <paramref name="ics"/> for a station in <paramref name="station"/>;
    /// throws <see cref="IcsFormatException"/> when the text is not an iCalendar file.</summary>
    public static IcsMapping Map(string ics, TimeZoneInfo station)
    {
        var lines = IcsText.Check(ics);
        Calendar calendar;
        try
        {
            calendar = Calendar.Load(ics) ?? throw new IcsFormatException(0, "the body holds no calendar");
        }
        catch (Exception ex) when (ex is not IcsFormatException and not OutOfMemoryException)
        {
            var line = IcsText.LineOf(ics, ex.Message);
            throw new IcsFormatException(line, line > 0 ? $"line {line}: {ex.Message}" : ex.Message);
        }

        var events = calendar.Events.ToList();
        // The parser keeps the file's order: the i-th event is the i-th VEVENT of the check (by reference:
        // the components' Equals compares their properties).
        var index = new Dictionary<CalendarEvent, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < events.Count; i++)
        {
            index[events[i]] = i;
        }

        IcsEventLines? LinesOf(CalendarEvent e) =>
            index.TryGetValue(e, out var i) && i < lines.Count && lines[i].Uid == e.Uid ? lines[i] : null;

        int LineOf(CalendarEvent e) => LinesOf(e)?.Line ?? 0;

        var shows = new List<IcsEventShow>();
        var skipped = new List<IcsSkippedEvent>();
        var overrides = events.Where(e => e.RecurrenceIdentifier is not null && !string.IsNullOrEmpty(e.Uid))
            .GroupBy(e => e.Uid!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var budget = new Budget();
        foreach (var e in events.Where(e => e.RecurrenceIdentifier is null))
        {
            var line = LineOf(e);
            var summary = Clean(e.Summary);
            if (string.IsNullOrWhiteSpace(e.Uid))
            {
                skipped.Add(new IcsSkippedEvent(line, null, summary, "no UID: a calendar event needs one to be imported again"));
                continue;
            }

            if (!seen.Add(e.Uid))
            {
                skipped.Add(new IcsSkippedEvent(line, e.Uid, summary, "the UID is given to another event before"));
                continue;
            }

            var mine = overrides.GetValueOrDefault(e.Uid) ?? [];
            var (show, reason) = MapEvent(e, LinesOf(e), mine, summary, station, budget);
            if (show is not null)
            {
                shows.Add(new IcsEventShow(line, show));
            }
            else
            {
                skipped.Add(new IcsSkippedEvent(line, e.Uid, summary, reason!));
            }
        }

        foreach (var orphans in overrides.Where(o => !seen.Contains(o.Key)))
        {
            skipped.AddRange(orphans.Value.Select(o => new IcsSkippedEvent(LineOf(o), orphans.Key, Clean(o.Summary),
                "an instance with RECURRENCE-ID whose recurring event is not in the file")));
        }

        return new IcsMapping(shows, skipped);
    }

    /// <summary>The show id a UID proposes: lowercase letters, digits, '.', '_' and '-' (others become
    /// '-', runs collapse), starting with a letter or digit, at most 56 characters; <c>event</c> when
    /// nothing is left.</summary>
    public static string Slug(string uid)
    {
        var sb = new StringBuilder();
        foreach (var c in uid.ToLowerInvariant())
        {
            var keep = char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';
            if (keep)
            {
                sb.Append(c);
            }
            else if (sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }

            if (sb.Length >= 56)
            {
                break;
            }
        }

        var slug = sb.ToString().TrimStart('.', '_', '-').TrimEnd('-', '.', '_');
        return ServerIds.IsValid(slug) ? slug : "event";
    }

    private static (ShowDefinition? Show, string? Reason) MapEvent(CalendarEvent e, IcsEventLines? lines, List<CalendarEvent> overrides, string? summary,
        TimeZoneInfo station, Budget budget)
    {
        if (string.IsNullOrWhiteSpace(summary))
        {
            return (null, "no SUMMARY: a show needs a name");
        }

        if (string.Equals(e.Status, "CANCELLED", StringComparison.OrdinalIgnoreCase))
        {
            return (null, "the event is cancelled (STATUS:CANCELLED)");
        }

        if (lines is { RRules: > 1 })
        {
            return (null, "several RRULEs: one weekly rule per event can be a show");
        }

        if (lines is { ExRules: > 0 })
        {
            return (null, "EXRULE is not supported (use EXDATE)");
        }

        var (occurrence, reason) = Occurrence(e, station);
        if (occurrence is not { } o)
        {
            return (null, reason);
        }

        var exdates = e.ExceptionDates.GetAllDates().ToList();
        var moved = new List<CalDateTime>();
        var extra = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        foreach (var instance in overrides)
        {
            moved.Add(instance.RecurrenceIdentifier!.StartTime);
            if (string.Equals(instance.Status, "CANCELLED", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var (moving, why) = Occurrence(instance, station);
            if (moving is null)
            {
                return (null, $"the instance of RECURRENCE-ID {instance.RecurrenceIdentifier.StartTime}: {why}");
            }

            extra.Add(moving.Instants(moving.Start));
        }

        foreach (var period in e.RecurrenceDates.GetAllPeriods())
        {
            if (!period.StartTime.HasTime || Zone(period.StartTime, station) is not { } rz)
            {
                return (null, "an RDATE is not a date-time in a known zone");
            }

            var local = LocalTimes.ToLocal(LocalTimes.ToInstant(period.StartTime.Value, rz), o.Zone);
            extra.Add(o.Instants(local));
        }

        // EXDATE and RECURRENCE-ID name an occurrence by its start instant, or (a date) by its local date.
        var removedAt = new HashSet<DateTimeOffset>();
        var removedOn = new HashSet<DateOnly>();
        foreach (var x in exdates.Concat(moved))
        {
            if (!x.HasTime)
            {
                removedOn.Add(x.Date);
            }
            else if (Zone(x, station) is { } xz)
            {
                removedAt.Add(LocalTimes.ToInstant(x.Value, xz));
            }
        }

        bool Removed(DateTime local, DateTimeOffset start) => removedAt.Contains(start) || removedOn.Contains(DateOnly.FromDateTime(local));

        var host = Host(e);
        var uid = e.Uid!;
        if (e.RecurrenceRule is not { } rule)
        {
            var episodes = new List<OneOffEpisode>();
            var first = o.Instants(o.Start);
            if (!Removed(o.Start, first.Start))
            {
                episodes.Add(new OneOffEpisode(first.Start, first.End));
            }

            episodes.AddRange(extra.Select(x => new OneOffEpisode(x.Start, x.End)));
            if (episodes.Count == 0)
            {
                return (null, "no occurrence is left (all excluded)");
            }

            return Checked(new ShowDefinition(Slug(uid), summary, host, [], null, null, [.. episodes.Distinct().OrderBy(x => x.Start)]) { CalendarUid = uid });
        }

        if (RuleProblem(rule) is { } problem)
        {
            return (null, problem);
        }

        if (o.Length > TimeSpan.FromDays(1) || o.Length < TimeSpan.FromMinutes(1))
        {
            return (null, "a recurring occurrence lasts from 1 minute to 24 hours to be a weekly slot");
        }

        // The budget is spent by every occurrence expanded, kept or not, so a file of many huge rules
        // stops expanding once it is used up (the list of one rule never outgrows it either).
        var ruleStarts = RuleOccurrences(rule, o, e, station, exdates.Concat(moved).Select(x => x.Date).Concat(extra.Select(x => DateOnly.FromDateTime(x.Start.UtcDateTime))),
            budget.Left, out var bounded, out var horizonProblem);
        budget.Left -= ruleStarts.Count;

        if (horizonProblem is not null)
        {
            return (null, horizonProblem);
        }

        if (ruleStarts.Count == 0)
        {
            return (null, "the rule has no occurrence");
        }

        var sameZone = o.Zone.Id == station.Id;
        var ruleOccurrences = ruleStarts.Select(l => (Local: l, Instants: o.Instants(l))).ToList();
        var keyed = ruleOccurrences.Select(r =>
        {
            if (sameZone)
            {
                return (Date: DateOnly.FromDateTime(r.Local), Start: r.Local.TimeOfDay, Length: o.Length, r.Instants, r.Local);
            }

            var start = LocalTimes.ToLocal(r.Instants.Start, station);
            var end = LocalTimes.ToLocal(r.Instants.End, station);
            return (Date: DateOnly.FromDateTime(start), Start: start.TimeOfDay, Length: end - start, r.Instants, r.Local);
        }).ToList();

        // For each local weekday of the station, the time most of its occurrences have.
        var modes = keyed.GroupBy(k => k.Date.DayOfWeek)
            .Select(g => (Day: g.Key, Best: g.GroupBy(k => (k.Start, k.Length)).OrderByDescending(x => x.Count()).ThenBy(x => x.Key.Start).ThenBy(x => x.Key.Length).First()))
            .ToList();
        var most = modes.Max(m => m.Best.Count());
        var pattern = modes.Where(m => m.Best.Count() * 2 >= most && Whole(m.Best.Key.Start) && Whole(m.Best.Key.Length)
                && m.Best.Key.Length > TimeSpan.Zero && m.Best.Key.Length <= TimeSpan.FromDays(1))
            .Select(m => (m.Day, m.Best.Key.Start, m.Best.Key.Length)).ToList();
        var slots = pattern.GroupBy(p => (p.Start, p.Length))
            .Select(g => new ShowSlot([.. g.Select(p => LocalTimes.DayNames[LocalTimes.DayIndex(p.Day)]).OrderBy(LocalTimes.DayIndex)],
                Hhmm(g.Key.Start), EndHhmm(g.Key.Start, g.Key.Length)))
            .OrderBy(s => LocalTimes.DayIndex(s.Days[0])).ThenBy(s => s.Start, StringComparer.Ordinal).ToList();

        var validFrom = keyed.Min(k => k.Date);
        var windowEnd = bounded ? keyed.Max(k => k.Date) : keyed.Max(k => k.Date).AddDays(-2);
        var holder = new ShowDefinition("x", summary, null, slots, validFrom, windowEnd, []);
        var slotted = slots.SelectMany(s => ShowRules.Occurrences(holder, s, validFrom, windowEnd))
            .Select(l => (Date: DateOnly.FromDateTime(l.Start), Instants: (Start: LocalTimes.ToInstant(l.Start, station), End: LocalTimes.ToInstant(l.End, station))))
            .ToList();
        var inWindow = keyed.Where(k => k.Date >= validFrom && k.Date <= windowEnd).ToList();
        var slottedSet = slotted.Select(s => s.Instants).ToHashSet();
        var ruleSet = inWindow.Select(k => k.Instants).ToHashSet();
        if (!bounded && (slotted.Any(s => !ruleSet.Contains(s.Instants)) || inWindow.Any(k => !slottedSet.Contains(k.Instants))))
        {
            return (null, $"an open-ended rule in {o.Zone.Id} does not keep the same local times in the station's zone {station.Id} " +
                "(their clocks change on other dates): give it UNTIL or COUNT, or set the event in the station's zone");
        }

        var actual = inWindow.Where(k => !Removed(k.Local, k.Instants.Start)).Select(k => k.Instants).Concat(extra).ToHashSet();
        var exceptDates = slotted.Where(s => !actual.Contains(s.Instants)).Select(s => s.Date).Distinct().Order().ToList();
        var oneOffs = actual.Where(a => !slottedSet.Contains(a)).OrderBy(a => a.Start).Select(a => new OneOffEpisode(a.Start, a.End)).ToList();
        if (exceptDates.Count > ShowRules.MaxExceptDates || oneOffs.Count > ShowRules.MaxEpisodes)
        {
            return (null, $"as weekly slots it needs more than {ShowRules.MaxExceptDates} exceptions or one-off episodes");
        }

        if (slots.Count == 0 && oneOffs.Count == 0)
        {
            return (null, "no occurrence is left (all excluded)");
        }

        return Checked(new ShowDefinition(Slug(uid), summary, host, slots, slots.Count > 0 ? validFrom : null, bounded && slots.Count > 0 ? windowEnd : null, oneOffs)
        {
            ExceptDates = exceptDates,
            CalendarUid = uid,
        });
    }

    private static (ShowDefinition?, string?) Checked(ShowDefinition show)
    {
        var errors = ShowRules.Check(show.Id, show.Name, show.Host, show.Slots, show.ValidFrom, show.ValidTo, show.Episodes, show.ExceptDates);
        if (errors.Count > 0)
        {
            return (null, string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        }

        if (ShowRules.FindConflict(show, []) is { Detail: var self })
        {
            return (null, self);
        }

        return (show, null);
    }

    /// <summary>The local starts (in the event's zone) of a supported rule: from DTSTART, every day
    /// whose weekday the rule has, up to COUNT/UNTIL; an open-ended rule up to a horizon past the
    /// last EXDATE, moved instance and RDATE.</summary>
    private static List<DateTime> RuleOccurrences(RecurrenceRule rule, EventTimes o, CalendarEvent e, TimeZoneInfo station,
        IEnumerable<DateOnly> mentioned, int budget, out bool bounded, out string? problem)
    {
        problem = null;
        var days = rule.ByDay.Count > 0 ? rule.ByDay.Select(d => d.DayOfWeek).ToHashSet()
            : rule.Frequency == FrequencyType.Daily ? Enum.GetValues<DayOfWeek>().ToHashSet() : [o.Start.DayOfWeek];
        DateTimeOffset? untilInstant = null;
        DateOnly? untilDate = null;
        if (rule.Until is { } until)
        {
            if (until.HasTime)
            {
                untilInstant = LocalTimes.ToInstant(until.Value, Zone(until, station) ?? o.Zone);
            }
            else
            {
                untilDate = until.Date;
            }
        }

        bounded = rule.Count is not null || rule.Until is not null;
        var startDate = DateOnly.FromDateTime(o.Start);
        var last = bounded ? startDate.AddDays(MaxRuleDays) : Max(startDate.AddDays(OpenEndedHorizonDays), mentioned.DefaultIfEmpty(startDate).Max().AddDays(14));
        if (last > LastDate)
        {
            last = LastDate;
        }
        var starts = new List<DateTime>();
        for (var date = startDate; date <= last; date = date.AddDays(1))
        {
            if (!days.Contains(date.DayOfWeek))
            {
                continue;
            }

            var local = date.ToDateTime(TimeOnly.FromTimeSpan(o.Start.TimeOfDay));
            if ((untilDate is { } ud && date > ud) || (untilInstant is { } ui && LocalTimes.ToInstant(local, o.Zone) > ui))
            {
                return starts;
            }

            if (starts.Count >= budget)
            {
                problem = OverBudget;
                return starts;
            }

            starts.Add(local);
            if (rule.Count is { } count && starts.Count >= count)
            {
                return starts;
            }
        }

        if (bounded)
        {
            problem = last == LastDate ? $"the rule runs past {LastDate.Year} (dates are {FirstDate.Year} to {LastDate.Year})"
                : $"the rule runs for more than {MaxRuleDays / 365} years";
        }

        return starts;
    }

    private static string? RuleProblem(RecurrenceRule rule)
    {
        if (rule.Frequency is not (FrequencyType.Weekly or FrequencyType.Daily))
        {
            return $"RRULE FREQ={rule.Frequency.ToString().ToUpperInvariant()} cannot be a weekly slot (only WEEKLY, or DAILY, with INTERVAL=1)";
        }

        if (rule.Interval > 1)
        {
            return $"RRULE FREQ={rule.Frequency.ToString().ToUpperInvariant()};INTERVAL={rule.Interval} cannot be a weekly slot (only INTERVAL=1)";
        }

        var parts = new (string Name, int Count)[]
        {
            ("BYSECOND", rule.BySecond.Count), ("BYMINUTE", rule.ByMinute.Count), ("BYHOUR", rule.ByHour.Count),
            ("BYMONTHDAY", rule.ByMonthDay.Count), ("BYYEARDAY", rule.ByYearDay.Count), ("BYWEEKNO", rule.ByWeekNo.Count),
            ("BYMONTH", rule.ByMonth.Count), ("BYSETPOS", rule.BySetPosition.Count),
        };
        if (parts.FirstOrDefault(p => p.Count > 0) is { Name: { } name })
        {
            return $"RRULE with {name} cannot be a weekly slot";
        }

        return rule.ByDay.Any(d => d.Offset is { } n && n != 0) ? "RRULE BYDAY with an ordinal (such as 1MO) cannot be a weekly slot" : null;
    }

    /// <summary>An event's start (local, in its zone), zone and local length.</summary>
    private sealed record class EventTimes(DateTime Start, TimeZoneInfo Zone, TimeSpan Length)
    {
        public (DateTimeOffset Start, DateTimeOffset End) Instants(DateTime localStart) =>
            (LocalTimes.ToInstant(localStart, Zone), LocalTimes.ToInstant(localStart + Length, Zone));
    }

    private static (EventTimes? Times, string? Reason) Occurrence(CalendarEvent e, TimeZoneInfo station)
    {
        if (e.DtStart is not { } start)
        {
            return (null, "no DTSTART (or not a date-time)");
        }

        if (!start.HasTime)
        {
            return (null, "an all-day event (DTSTART is a date) is not a show");
        }

        if (Zone(start, station) is not { } zone)
        {
            return (null, $"unknown time zone '{start.TzId}'");
        }

        if (DateOnly.FromDateTime(start.Value) is var day && (day < FirstDate || day > LastDate))
        {
            return (null, $"DTSTART {day:yyyy-MM-dd} is outside the dates a calendar may use ({FirstDate.Year} to {LastDate.Year})");
        }

        TimeSpan length;
        if (e.DtEnd is { } end)
        {
            if (!end.HasTime)
            {
                return (null, "DTEND is a date while DTSTART is a date-time");
            }

            if (Zone(end, station) is not { } endZone)
            {
                return (null, $"unknown time zone '{end.TzId}'");
            }

            length = endZone.Id == zone.Id ? end.Value - start.Value
                : LocalTimes.ToLocal(LocalTimes.ToInstant(end.Value, endZone), zone) - start.Value;
        }
        else if (e.Duration is { } duration)
        {
            length = duration.ToTimeSpanUnspecified();
        }
        else
        {
            return (null, "no DTEND or DURATION: an event without length is not a show");
        }

        if (length <= TimeSpan.Zero)
        {
            return (null, "the event ends before it starts");
        }

        if (length > ShowRules.MaxEpisodeLength)
        {
            return (null, "the event lasts more than 7 days");
        }

        return (new EventTimes(DateTime.SpecifyKind(start.Value, DateTimeKind.Unspecified), zone, length), null);
    }

    /// <summary>The zone of a date-time: the station's for a floating time, UTC, or its TZID (IANA or
    /// Windows name, or a name Ical.Net resolves); null when unknown.</summary>
    private static TimeZoneInfo? Zone(CalDateTime value, TimeZoneInfo station)
    {
        if (value.IsUtc)
        {
            return TimeZoneInfo.Utc;
        }

        if (value.IsFloating || string.IsNullOrEmpty(value.TzId))
        {
            return station;
        }

        if (TimeZoneInfo.TryFindSystemTimeZoneById(value.TzId, out var zone))
        {
            return zone;
        }

        try
        {
            return TimeZoneResolvers.TimeZoneResolver(value.TzId) is { } resolved && TimeZoneInfo.TryFindSystemTimeZoneById(resolved.Id, out var found) ? found : null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return null;
        }
    }

    private static string? Host(CalendarEvent e)
    {
        if (Clean(e.Organizer?.CommonName) is { Length: > 0 } name)
        {
            return name;
        }

        foreach (var line in (e.Description ?? "").Split('\n'))
        {
            var text = line.Trim();
            if (text.StartsWith("host:", StringComparison.OrdinalIgnoreCase) && Clean(text[5..]) is { Length: > 0 } host)
            {
                return host;
            }
        }

        return null;
    }

    /// <summary>Control characters as spaces, runs of spaces as one, trimmed, at most 200 characters.</summary>
    private static string? Clean(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var sb = new StringBuilder(Math.Min(text.Length, ShowRules.MaxNameLength));
        foreach (var c in text)
        {
            var ch = char.IsControl(c) ? ' ' : c;
            if (ch == ' ' && (sb.Length == 0 || sb[^1] == ' '))
            {
                continue;
            }

            sb.Append(ch);
            if (sb.Length >= ShowRules.MaxNameLength)
            {
                break;
            }
        }

        return sb.ToString().TrimEnd();
    }

    private static bool Whole(TimeSpan t) => t.Ticks % TimeSpan.TicksPerMinute == 0;

    private static string Hhmm(TimeSpan t) => ((int)t.TotalHours).ToString("00", CultureInfo.InvariantCulture) + ":" + t.Minutes.ToString("00", CultureInfo.InvariantCulture);

    private static string EndHhmm(TimeSpan start, TimeSpan length)
    {
        var end = (int)(start + length).TotalMinutes;
        return end == 1440 ? "24:00" : Hhmm(TimeSpan.FromMinutes(end % 1440));
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
