namespace Asteroid.Shows;

/// <summary>Triton's standard dayparts, the dayparts of a station that has set none.</summary>
public static class DefaultDayparts
{
    private static readonly string[] Weekdays = ["mon", "tue", "wed", "thu", "fri"];
    private static readonly string[] Weekend = ["sat", "sun"];
    private static readonly string[] Week = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    public static IReadOnlyList<Daypart> Triton { get; } =
    [
        new("morning-drive", "Morning drive, Mon–Fri 06–10", [new ShowSlot(Weekdays, "06:00", "10:00")]),
        new("midday", "Midday, Mon–Fri 10–15", [new ShowSlot(Weekdays, "10:00", "15:00")]),
        new("afternoon-drive", "Afternoon drive, Mon–Fri 15–19", [new ShowSlot(Weekdays, "15:00", "19:00")]),
        new("evening", "Evening, Mon–Fri 19–24", [new ShowSlot(Weekdays, "19:00", "24:00")]),
        new("weekend", "Weekend, Sat–Sun 06–24", [new ShowSlot(Weekend, "06:00", "24:00")]),
        new("overnight", "Overnight, Mon–Sun 00–06", [new ShowSlot(Week, "00:00", "06:00")]),
    ];
}
