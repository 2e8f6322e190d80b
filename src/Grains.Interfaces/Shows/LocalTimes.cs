using System.Globalization;

namespace Asteroid.Shows;

/// <summary>Local times of a schedule (pure): <c>HH:mm</c> as minutes of the day, the day names, and
/// a local date and time of a zone as an instant. A local time the clocks skip (spring forward) is
/// read with the offset before the change, i.e. moved forward by the gap (02:30 → 03:30); a local
/// time that occurs twice (fall back) is its first occurrence. Both rules keep the mapping
/// monotone, so back-to-back slots stay back to back across a change.</summary>
public static class LocalTimes
{
    public static readonly IReadOnlyList<string> DayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    /// <summary>Monday 0 … Sunday 6, or -1 for a name that is not a day.</summary>
    public static int DayIndex(string? name) => name is null ? -1 : IndexOf(name);

    public static int DayIndex(DayOfWeek day) => ((int)day + 6) % 7;

    /// <summary>Minutes from local midnight: <c>00:00</c>–<c>23:59</c>, and <c>24:00</c> when
    /// <paramref name="allowEndOfDay"/>; null when not such a time.</summary>
    public static int? ParseMinutes(string? text, bool allowEndOfDay)
    {
        if (text is not { Length: 5 } || text[2] != ':'
            || !int.TryParse(text.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            || !int.TryParse(text.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || m > 59)
        {
            return null;
        }

        if (h == 24 && m == 0 && allowEndOfDay)
        {
            return 1440;
        }

        return h <= 23 ? h * 60 + m : null;
    }

    /// <summary>The instant of a local date and time in <paramref name="zone"/> (see the class for
    /// skipped and repeated times).</summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        TimeSpan offset;
        if (zone.IsInvalidTime(local))
        {
            // In the gap: the offset in force just before it (a gap is at most a few hours).
            offset = zone.GetUtcOffset(local.AddHours(-6));
        }
        else if (zone.IsAmbiguousTime(local))
        {
            offset = zone.GetAmbiguousTimeOffsets(local).Max(); // the larger offset is the earlier instant
        }
        else
        {
            offset = zone.GetUtcOffset(local);
        }

        return new DateTimeOffset(local.Ticks - offset.Ticks, TimeSpan.Zero);
    }

    /// <summary>The local date and time of an instant.</summary>
    public static DateTime ToLocal(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone).DateTime;

    private static int IndexOf(string name)
    {
        for (var i = 0; i < DayNames.Count; i++)
        {
            if (DayNames[i] == name)
            {
                return i;
            }
        }

        return -1;
    }
}
