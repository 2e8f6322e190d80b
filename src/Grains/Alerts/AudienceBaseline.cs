namespace Asteroid.Alerts;

/// <summary>The usual listener level of a scope for one hour of the week, pure: the average number of
/// listeners (listen seconds of that local hour ÷ 3600, i.e. the hour's average audience) on the same
/// weekday and hour of the previous <see cref="Weeks"/> weeks that have a stored day. Days of a DST
/// change (not 24 hours) are left out. Null without any such day.</summary>
public static class AudienceBaseline
{
    public const int Weeks = 4;

    public static IEnumerable<DateOnly> DaysFor(DateTime localNow) =>
        Enumerable.Range(1, Weeks).Select(w => DateOnly.FromDateTime(localNow).AddDays(-7 * w));

    public static double? Compute(DateTime localNow, IReadOnlyDictionary<DateOnly, long[]> hourListenSeconds)
    {
        var levels = DaysFor(localNow)
            .Select(day => hourListenSeconds.TryGetValue(day, out var hours) && hours.Length == 24 ? hours[localNow.Hour] / 3600.0 : (double?)null)
            .OfType<double>()
            .ToList();
        return levels.Count == 0 ? null : levels.Average();
    }
}
