using System.Text.Json;

namespace Asteroid.Analytics;

/// <summary>One scope's country and city cells on one local day, as computed by
/// <see cref="GeoDayAggregator"/> and persisted in <c>geo_stats</c>: dimension (country, city) →
/// value → cell with its listener set.</summary>
public sealed record class GeoDay(DateOnly Date, IReadOnlyDictionary<string, Dictionary<string, BreakdownCell>> Cells)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static GeoDay Empty(DateOnly date) => new(date, Breakdowns.Geo.ToDictionary(d => d, _ => new Dictionary<string, BreakdownCell>(StringComparer.Ordinal)));

    /// <summary>The stored form (the same JSON as a dimension of <c>daily_stats.breakdowns</c>, which is where migration 0010 copied it from).</summary>
    public string ToJson() => JsonSerializer.Serialize(Cells, Json);

    public static GeoDay FromJson(DateOnly date, string json)
    {
        var cells = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, BreakdownCell>>>(json, Json)!;
        foreach (var dimension in Breakdowns.Geo)
        {
            cells.TryAdd(dimension, new Dictionary<string, BreakdownCell>(StringComparer.Ordinal));
        }

        return new GeoDay(date, cells);
    }

    public GeoDayData ToData() =>
        new(Date, [.. Cells.SelectMany(d => d.Value.Select(c => new BreakdownCellData(d.Key, c.Key, c.Value.Sessions, c.Value.ListenSeconds, c.Value.ListenerBytes)))]);

    public static GeoDay FromData(GeoDayData data)
    {
        var day = Empty(data.Date);
        foreach (var cell in data.Cells)
        {
            if (!day.Cells.TryGetValue(cell.Dimension, out var cells))
            {
                continue; // not a geo dimension
            }

            cells[cell.Value] = new BreakdownCell { Sessions = cell.Sessions, ListenSeconds = cell.ListenSeconds, ListenerBytes = cell.Listeners };
        }

        return day;
    }
}
