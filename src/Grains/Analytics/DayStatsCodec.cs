using System.Text.Json;

namespace Asteroid.Analytics;

/// <summary>DayStats as stored (the metrics as JSON, the day's listener set as bytes, breakdown
/// sets inside the JSON; in <c>daily_stats</c> the breakdowns are a column of their own, read only
/// by the reports that need them) and as sent between silos (<see cref="DayData"/>).</summary>
public static class DayStatsCodec
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static DayStats FromJson(string json, byte[] listeners)
    {
        return JsonSerializer.Deserialize<DayStats>(json, Json)! with { Listeners = ListenerSet.Deserialize(listeners) };
    }

    /// <summary>The stored form: the metrics without breakdowns, and the breakdowns.</summary>
    public static (string Stats, string Breakdowns) ToStorage(DayStats stats)
    {
        return (JsonSerializer.Serialize(stats with { Breakdowns = new Dictionary<string, Dictionary<string, BreakdownCell>>() }, Json),
            JsonSerializer.Serialize(stats.Breakdowns, Json));
    }

    /// <summary>A stored day; without <paramref name="breakdowns"/> its breakdowns are empty.</summary>
    public static DayStats FromStorage(string stats, string? breakdowns, byte[] listeners)
    {
        var day = FromJson(stats, listeners);
        return breakdowns is null
            ? day
            : day with { Breakdowns = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, BreakdownCell>>>(breakdowns, Json)! };
    }

    /// <summary>A live day as a day grain answers: typed, and (for silos of the previous release
    /// during a rolling upgrade) as the JSON and listener bytes they read.</summary>
    public static LiveDayStats ToLive(DayStats stats, int openSessions) =>
        new(ToData(stats), openSessions, JsonSerializer.Serialize(stats, Json), stats.Listeners.Serialize());

    /// <summary>A live day from a silo of this release (typed) or of the previous one (JSON).</summary>
    public static DayStats FromLive(LiveDayStats live) =>
        live.Day is { } data ? FromData(data)
        : live.LegacyStatsJson is { } json ? FromJson(json, live.LegacyListeners ?? [])
        : throw new InvalidOperationException("A live day carried neither form");

    /// <summary>The typed form a day grain answers with.</summary>
    public static DayData ToData(DayStats stats) => new(
        stats.Date, stats.TimeZone, stats.Start, stats.End, stats.Totals, stats.Hours, stats.QuarterCounts, stats.SessionLengths, stats.CarriedIn,
        stats.Listeners.Serialize(),
        [.. stats.Breakdowns.SelectMany(d => d.Value.Select(c => new BreakdownCellData(d.Key, c.Key, c.Value.Sessions, c.Value.ListenSeconds, c.Value.ListenerBytes)))]);

    public static DayStats FromData(DayData data)
    {
        var breakdowns = Breakdowns.All.ToDictionary(d => d, _ => new Dictionary<string, BreakdownCell>(StringComparer.Ordinal));
        foreach (var cell in data.Breakdowns)
        {
            if (!breakdowns.TryGetValue(cell.Dimension, out var cells))
            {
                breakdowns[cell.Dimension] = cells = new Dictionary<string, BreakdownCell>(StringComparer.Ordinal);
            }

            cells[cell.Value] = new BreakdownCell { Sessions = cell.Sessions, ListenSeconds = cell.ListenSeconds, ListenerBytes = cell.Listeners };
        }

        return new DayStats
        {
            Date = data.Date,
            TimeZone = data.TimeZone,
            Start = data.Start,
            End = data.End,
            Totals = data.Totals,
            Hours = [.. data.Hours],
            QuarterCounts = [.. data.QuarterCounts],
            SessionLengths = [.. data.SessionLengths],
            CarriedIn = data.CarriedIn,
            Breakdowns = breakdowns,
            Listeners = ListenerSet.Deserialize(data.Listeners),
        };
    }
}
