using Asteroid.Icecast;

namespace Asteroid.Shows;

/// <summary>What a show or a daypart may hold (pure), and when two shows overlap. Recurring slots are
/// compared in local time (the station's wall clock), on the local dates both shows are valid;
/// one-off episodes are compared as instants with the one-off episodes of every show (a one-off
/// episode may overlap recurring slots: it replaces them).</summary>
public static class ShowRules
{
    public const int MaxNameLength = 200;
    public const int MaxSlots = 50;
    public const int MaxEpisodes = 1000;
    public const int MaxDayparts = 50;
    public const int MaxExceptDates = 1000;
    public static readonly TimeSpan MaxEpisodeLength = TimeSpan.FromDays(7);

    /// <summary>The errors of a show body (field → messages); empty when valid.</summary>
    public static Dictionary<string, string[]> Check(string id, string? name, string? host, IReadOnlyList<ShowSlot>? slots,
        DateOnly? validFrom, DateOnly? validTo, IReadOnlyList<OneOffEpisode>? episodes, IReadOnlyList<DateOnly>? exceptDates = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ServerIds.IsValid(id))
        {
            errors["showId"] = [$"a show id: {ServerIds.Rule}"];
        }

        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            errors["name"] = [$"name is required: 1-{MaxNameLength} characters without control characters"];
        }

        if (host is not null && (host.Length > MaxNameLength || host.Any(char.IsControl)))
        {
            errors["host"] = [$"host is at most {MaxNameLength} characters without control characters"];
        }

        CheckSlots("slots", slots, errors);
        if (validFrom is { } f && validTo is { } t && t < f)
        {
            errors["validTo"] = ["validTo must not be before validFrom"];
        }

        if (exceptDates is { Count: > MaxExceptDates })
        {
            errors["exceptDates"] = [$"at most {MaxExceptDates} dates without a recurring episode"];
        }

        if (episodes is { Count: > MaxEpisodes })
        {
            errors["episodes"] = [$"at most {MaxEpisodes} one-off episodes"];
        }
        else if (episodes is not null)
        {
            for (var i = 0; i < episodes.Count; i++)
            {
                var e = episodes[i];
                if (e is null || e.End <= e.Start || e.End - e.Start > MaxEpisodeLength)
                {
                    errors[$"episodes[{i}]"] = ["an episode is {\"start\", \"end\"}: two instants with an offset, end after start, at most 7 days apart"];
                }
            }
        }

        if ((slots is null || slots.Count == 0) && (episodes is null || episodes.Count == 0) && !errors.ContainsKey("slots"))
        {
            errors["slots"] = ["a show has at least one slot or one-off episode"];
        }

        return errors;
    }

    /// <summary>The errors of a daypart list; empty when valid.</summary>
    public static Dictionary<string, string[]> CheckDayparts(IReadOnlyList<Daypart>? dayparts)
    {
        var errors = new Dictionary<string, string[]>();
        if (dayparts is null)
        {
            return errors;
        }

        if (dayparts.Count > MaxDayparts)
        {
            errors["dayparts"] = [$"at most {MaxDayparts} dayparts"];
            return errors;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < dayparts.Count; i++)
        {
            var d = dayparts[i];
            if (d is null || !ServerIds.IsValid(d.Id))
            {
                errors[$"dayparts[{i}].id"] = [$"a daypart id: {ServerIds.Rule}"];
                continue;
            }

            if (!ids.Add(d.Id))
            {
                errors[$"dayparts[{i}].id"] = [$"daypart '{d.Id}' is given twice"];
            }

            if (string.IsNullOrWhiteSpace(d.Name) || d.Name.Length > MaxNameLength || d.Name.Any(char.IsControl))
            {
                errors[$"dayparts[{i}].name"] = [$"name is required: 1-{MaxNameLength} characters without control characters"];
            }

            if (d.Slots is null || d.Slots.Count == 0)
            {
                errors[$"dayparts[{i}].slots"] = ["a daypart has at least one slot"];
            }
            else
            {
                CheckSlots($"dayparts[{i}].slots", d.Slots, errors);
            }
        }

        return errors;
    }

    private static void CheckSlots(string field, IReadOnlyList<ShowSlot>? slots, Dictionary<string, string[]> errors)
    {
        if (slots is null)
        {
            return;
        }

        if (slots.Count > MaxSlots)
        {
            errors[field] = [$"at most {MaxSlots} slots"];
            return;
        }

        for (var i = 0; i < slots.Count; i++)
        {
            var slot = slots[i];
            var problems = new List<string>();
            if (slot?.Days is not { Count: > 0 } days || days.Any(d => LocalTimes.DayIndex(d) < 0))
            {
                problems.Add("days is a non-empty list of mon, tue, wed, thu, fri, sat, sun");
            }
            else if (days.Distinct().Count() != days.Count)
            {
                problems.Add("a day is given twice");
            }

            var start = LocalTimes.ParseMinutes(slot?.Start, allowEndOfDay: false);
            var end = LocalTimes.ParseMinutes(slot?.End, allowEndOfDay: true);
            if (start is null)
            {
                problems.Add("start is a local time HH:mm, 00:00-23:59");
            }

            if (end is null)
            {
                problems.Add("end is a local time HH:mm, 00:00-24:00 (at or before start: the next day)");
            }

            if (problems.Count > 0)
            {
                errors[$"{field}[{i}]"] = [.. problems];
            }
        }
    }

    /// <summary>A slot's local occurrences starting on the local dates [<paramref name="first"/>,
    /// <paramref name="last"/>] within the show's validity and not in its except dates, as (local start, local end). A slot of a
    /// valid show has a duration of 1 minute to 24 hours.</summary>
    public static IEnumerable<(DateTime Start, DateTime End)> Occurrences(ShowDefinition show, ShowSlot slot, DateOnly first, DateOnly last)
    {
        var start = LocalTimes.ParseMinutes(slot.Start, false)!.Value;
        var end = LocalTimes.ParseMinutes(slot.End, true)!.Value;
        var length = end > start ? end - start : end + 1440 - start;
        var days = slot.Days.Select(LocalTimes.DayIndex).ToHashSet();
        for (var date = first; date <= last; date = date.AddDays(1))
        {
            if (!days.Contains(LocalTimes.DayIndex(date.DayOfWeek)) || (show.ValidFrom is { } f && date < f) || (show.ValidTo is { } t && date > t)
                || (show.ExceptDates.Count > 0 && show.ExceptDates.Contains(date)))
            {
                continue;
            }

            var localStart = date.ToDateTime(TimeOnly.MinValue).AddMinutes(start);
            yield return (localStart, localStart.AddMinutes(length));
        }
    }

    /// <summary>The first conflict between <paramref name="candidate"/> and the station's other shows
    /// (a show with the candidate's id is the one it replaces) or within the candidate itself: the
    /// id of the show it overlaps and a sentence saying where; null when none.</summary>
    public static (string ShowId, string Detail)? FindConflict(ShowDefinition candidate, IEnumerable<ShowDefinition> others)
    {
        if (SelfConflict(candidate) is { } self)
        {
            return (candidate.Id, self);
        }

        foreach (var other in others.Where(o => o.Id != candidate.Id))
        {
            if (SlotConflict(candidate, other) is { } slot)
            {
                return (other.Id, $"overlaps show '{other.Id}' ({other.Name}): {slot}");
            }

            foreach (var mine in candidate.Episodes)
            {
                if (other.Episodes.FirstOrDefault(e => e.Start < mine.End && mine.Start < e.End) is { } theirs)
                {
                    return (other.Id, $"the one-off episode {mine.Start:O}–{mine.End:O} overlaps the one-off episode {theirs.Start:O}–{theirs.End:O} of show '{other.Id}' ({other.Name})");
                }
            }
        }

        return null;
    }

    private static string? SelfConflict(ShowDefinition show)
    {
        var episodes = show.Episodes.OrderBy(e => e.Start).ToList();
        for (var i = 1; i < episodes.Count; i++)
        {
            if (episodes[i].Start < episodes[i - 1].End)
            {
                return $"its one-off episodes {episodes[i - 1].Start:O} and {episodes[i].Start:O} overlap";
            }
        }

        return SlotConflict(show, show) is { } slot ? $"its own slots overlap: {slot}" : null;
    }

    /// <summary>Whether slots of two shows (or of one, compared with itself) take the same local time
    /// on a date both are valid: their occurrences are compared over the dates both are valid (with
    /// a day either side for slots crossing midnight), or over 15 days when that is longer (a weekly
    /// pattern repeats).</summary>
    private static string? SlotConflict(ShowDefinition a, ShowDefinition b)
    {
        if (a.Slots.Count == 0 || b.Slots.Count == 0)
        {
            return null;
        }

        DateOnly? lo = Max(a.ValidFrom, b.ValidFrom), hi = Min(a.ValidTo, b.ValidTo);
        if (lo is { } l && hi is { } h && h.DayNumber < l.DayNumber - 1)
        {
            return null;
        }

        var first = lo is { } from ? from.AddDays(-1) : hi is { } to ? to.AddDays(-16) : new DateOnly(2001, 1, 1);
        var last = first.AddDays(17);
        if (hi is { } end && end.AddDays(1) < last)
        {
            last = end.AddDays(1);
        }

        var same = ReferenceEquals(a, b);
        for (var i = 0; i < a.Slots.Count; i++)
        {
            var mine = Occurrences(a, a.Slots[i], first, last).ToList();
            for (var j = same ? i : 0; j < b.Slots.Count; j++)
            {
                var theirs = same && i == j ? mine : Occurrences(b, b.Slots[j], first, last).ToList();
                foreach (var x in mine)
                {
                    foreach (var y in theirs)
                    {
                        if (same && i == j && x == y)
                        {
                            continue;
                        }

                        if (x.Start < y.End && y.Start < x.End)
                        {
                            return $"{Describe(a.Slots[i])} and {Describe(b.Slots[j])} share {Day(x.Start > y.Start ? x.Start : y.Start)}";
                        }
                    }
                }
            }
        }

        return null;
    }

    private static string Describe(ShowSlot s) => $"{string.Join(',', s.Days)} {s.Start}-{s.End}";

    private static string Day(DateTime local) => $"{LocalTimes.DayNames[LocalTimes.DayIndex(local.DayOfWeek)]} {local:HH:mm}";

    private static DateOnly? Max(DateOnly? x, DateOnly? y) => x is null ? y : y is null ? x : x > y ? x : y;

    private static DateOnly? Min(DateOnly? x, DateOnly? y) => x is null ? y : y is null ? x : x < y ? x : y;
}
