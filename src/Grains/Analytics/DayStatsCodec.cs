using System.Text.Json;

namespace Asteroid.Analytics;

/// <summary>DayStats as stored and as sent between silos: the metrics as JSON, the day's listener
/// set as bytes (breakdown sets travel inside the JSON).</summary>
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
}
