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

    /// <summary>The stored form: the net metrics without breakdowns (as the previous release wrote
    /// them), the breakdowns, and the gross part in columns of its own — its counts
    /// (<c>gross</c>), the extras' listeners and cells (<c>gross_listeners</c>,
    /// <c>gross_breakdowns</c>); null without a gross part — so a net report never parses it.</summary>
    public static (string Stats, string Breakdowns, string? Gross, byte[]? GrossListeners, string? GrossBreakdowns) ToStorage(DayStats stats)
    {
        return (JsonSerializer.Serialize(stats with { Breakdowns = new Dictionary<string, Dictionary<string, BreakdownCell>>(), Gross = null }, Json),
            JsonSerializer.Serialize(stats.Breakdowns, Json),
            stats.Gross is { } gross ? JsonSerializer.Serialize(gross, Json) : null,
            stats.Gross?.ExtraListeners.Serialize(),
            stats.Gross is { } g ? JsonSerializer.Serialize(g.ExtraBreakdowns, Json) : null);
    }

    /// <summary>A stored day; without <paramref name="breakdowns"/> its breakdowns are empty (and
    /// so are the gross extra cells); without <paramref name="gross"/> (not asked for, or a row
    /// written before gross existed) it has no gross part.</summary>
    public static DayStats FromStorage(string stats, string? breakdowns, byte[] listeners, string? gross = null, byte[]? grossListeners = null,
        string? grossBreakdowns = null)
    {
        var day = FromJson(stats, listeners);
        if (gross is not null)
        {
            day = day with
            {
                Gross = JsonSerializer.Deserialize<GrossDay>(gross, Json)! with
                {
                    ExtraListeners = grossListeners is null ? ListenerSet.Empty : ListenerSet.Deserialize(grossListeners),
                    ExtraBreakdowns = breakdowns is not null && grossBreakdowns is not null
                        ? JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, BreakdownCell>>>(grossBreakdowns, Json)!
                        : new Dictionary<string, Dictionary<string, BreakdownCell>>(),
                },
            };
        }

        return breakdowns is null
            ? day
            : day with { Breakdowns = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, BreakdownCell>>>(breakdowns, Json)! };
    }

    /// <summary>A live day as a day grain answers: typed, and (for silos of the previous release
    /// during a rolling upgrade) as the JSON and listener bytes they read; with the listeners of its
    /// open qualifying sessions (<see cref="OpenNewListeners"/>).</summary>
    public static LiveDayStats ToLive(DayStats stats, int openSessions, IReadOnlyList<OpenListenerStart>? openQualifying = null) =>
        new(ToData(stats), openSessions, JsonSerializer.Serialize(stats, Json), stats.Listeners.Serialize(), openQualifying ?? []);

    /// <summary>A live day from a silo of this release (typed) or of the previous one (JSON).</summary>
    public static DayStats FromLive(LiveDayStats live) =>
        live.Day is { } data ? FromData(data)
        : live.LegacyStatsJson is { } json ? FromJson(json, live.LegacyListeners ?? [])
        : throw new InvalidOperationException("A live day carried neither form");

    /// <summary>The typed form a day grain answers with.</summary>
    public static DayData ToData(DayStats stats) => new(
        stats.Date, stats.TimeZone, stats.Start, stats.End, stats.Totals, stats.Hours, stats.QuarterCounts, stats.SessionLengths, stats.CarriedIn,
        stats.Listeners.Serialize(),
        Cells(stats.Breakdowns),
        stats.Gross is { } g
            ? new GrossDayData(g.Totals, g.Hours, g.QuarterCounts, g.SessionLengths, g.CarriedIn, g.ExtraListeners.Serialize(), Cells(g.ExtraBreakdowns), g.InstantSessions)
            : null);

    private static List<BreakdownCellData> Cells(IReadOnlyDictionary<string, Dictionary<string, BreakdownCell>> breakdowns) =>
        [.. breakdowns.SelectMany(d => d.Value.Select(c => new BreakdownCellData(d.Key, c.Key, c.Value.Sessions, c.Value.ListenSeconds, c.Value.ListenerBytes)))];

    public static DayStats FromData(DayData data)
    {
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
            Breakdowns = FromCells(data.Breakdowns),
            Listeners = ListenerSet.Deserialize(data.Listeners),
            Gross = data.Gross is { } g
                ? new GrossDay
                {
                    Totals = g.Totals,
                    Hours = [.. g.Hours],
                    QuarterCounts = [.. g.QuarterCounts],
                    SessionLengths = [.. g.SessionLengths],
                    CarriedIn = g.CarriedIn,
                    InstantSessions = g.InstantSessions,
                    ExtraListeners = ListenerSet.Deserialize(g.ExtraListeners),
                    ExtraBreakdowns = FromCells(g.ExtraBreakdowns),
                }
                : null,
        };
    }

    private static Dictionary<string, Dictionary<string, BreakdownCell>> FromCells(IReadOnlyList<BreakdownCellData> data)
    {
        var breakdowns = Breakdowns.All.ToDictionary(d => d, _ => new Dictionary<string, BreakdownCell>(StringComparer.Ordinal));
        foreach (var cell in data)
        {
            if (!breakdowns.TryGetValue(cell.Dimension, out var cells))
            {
                breakdowns[cell.Dimension] = cells = new Dictionary<string, BreakdownCell>(StringComparer.Ordinal);
            }

            cells[cell.Value] = new BreakdownCell { Sessions = cell.Sessions, ListenSeconds = cell.ListenSeconds, ListenerBytes = cell.Listeners };
        }

        // A day of a silo of the previous release (a rolling upgrade) has cells but none of the
        // traffic sources: unknown, as on a row it stored.
        if (data.Count > 0 && !data.Any(c => Breakdowns.Sources.Contains(c.Dimension)))
        {
            foreach (var dimension in Breakdowns.Sources)
            {
                breakdowns.Remove(dimension);
            }
        }

        return breakdowns;
    }
}
