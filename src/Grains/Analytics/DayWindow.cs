namespace Asteroid.Analytics;

/// <summary>One local calendar day of a time zone as UTC seconds: [<see cref="Start"/>, <see cref="End"/>).
/// A DST day is 23 or 25 hours long. Hours and quarter hours are consecutive 3600/900-second slices
/// from local midnight (on a DST day the repeated or skipped local hour is simply one more or one
/// fewer slice).</summary>
public sealed record class DayWindow(DateOnly Date, TimeZoneInfo Zone, long Start, long End)
{
    public const int HourSeconds = 3600;
    public const int QuarterSeconds = 900;

    public int Length => (int)(End - Start);

    public int Hours => (Length + HourSeconds - 1) / HourSeconds;

    public int Quarters => (Length + QuarterSeconds - 1) / QuarterSeconds;

    public static DayWindow For(DateOnly date, TimeZoneInfo zone) => new(date, zone, LocalMidnight(date, zone), LocalMidnight(date.AddDays(1), zone));

    /// <summary>The local day that contains the UTC instant.</summary>
    public static DateOnly DateOf(long unixSeconds, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(unixSeconds), zone).DateTime);

    /// <summary>Local start of slice <paramref name="hour"/>, with its offset (ISO 8601 in the API).</summary>
    public DateTimeOffset HourStart(int hour) => TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(Start + (long)hour * HourSeconds), Zone);

    public long HourStartUtc(int hour) => Start + (long)hour * HourSeconds;

    public long HourEndUtc(int hour) => Math.Min(End, Start + (long)(hour + 1) * HourSeconds);

    /// <summary>The part of a session inside the day, in seconds from its start, and whether the
    /// session starts on this day; null when nothing of it lies inside.</summary>
    public (int From, int To, bool StartsToday)? Part(SessionFact f)
    {
        var s = f.Start - Start;
        var e = f.End - Start;
        if (s >= Length || e <= 0 || e <= s)
        {
            return null;
        }

        return ((int)Math.Max(0, s), (int)Math.Min(Length, e), s >= 0);
    }

    private static long LocalMidnight(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15); // midnight skipped by a DST change: the day starts at the first valid minute
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUnixTimeSeconds();
    }
}
