using System.Text.Json;

namespace Asteroid.Analytics;

/// <summary>DayStats as stored and as sent between silos: the metrics as JSON, the day's listener
/// set as bytes (breakdown sets travel inside the JSON). In <c>daily_stats</c> the breakdowns are a
/// column of their own (<see cref="ToStorage"/>), read only by the reports that need them.</summary>
public static class DayStatsCodec
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string ToJson(DayStats stats) => JsonSerializer.Serialize(stats, Json);

    public static DayStats FromJson(string json, byte[] listeners)
    {
        var stats = JsonSerializer.Deserialize<DayStats>(json, Json)!;
        stats.Listeners = ListenerSet.Deserialize(listeners);
        return stats;
    }

    /// <summary>The stored form: the metrics without breakdowns, and the breakdowns.</summary>
    public static (string Stats, string Breakdowns) ToStorage(DayStats stats)
    {
        var breakdowns = stats.Breakdowns;
        stats.Breakdowns = [];
        try
        {
            return (JsonSerializer.Serialize(stats, Json), JsonSerializer.Serialize(breakdowns, Json));
        }
        finally
        {
            stats.Breakdowns = breakdowns;
        }
    }

    /// <summary>A stored day; without <paramref name="breakdowns"/> its breakdowns are empty.</summary>
    public static DayStats FromStorage(string stats, string? breakdowns, byte[] listeners)
    {
        var day = FromJson(stats, listeners);
        if (breakdowns is not null)
        {
            day.Breakdowns = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, BreakdownCell>>>(breakdowns, Json)!;
        }

        return day;
    }
}
