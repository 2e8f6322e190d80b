using System.Text.Json;

namespace Asteroid.Analytics;

/// <summary>One scope's country and city cells on one local day, as computed by
/// <see cref="GeoDayAggregator"/> and persisted in <c>geo_stats</c>: dimension (country, city) →
/// value → cell with its listener set.</summary>
public sealed record class GeoDay(DateOnly Date, IReadOnlyDictionary<string, Dictionary<string, BreakdownCell>> Cells)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The cells of the sessions net traffic leaves out (bots, under 60 s); the gross cells
    /// are <see cref="Cells"/> plus these. Null on a row written before gross existed: unknown.</summary>
    public IReadOnlyDictionary<string, Dictionary<string, BreakdownCell>>? ExtraCells { get; init; }

    public static GeoDay Empty(DateOnly date) => new(date, EmptyCells()) { ExtraCells = EmptyCells() };

    private static Dictionary<string, Dictionary<string, BreakdownCell>> EmptyCells() =>
        Breakdowns.Geo.ToDictionary(d => d, _ => new Dictionary<string, BreakdownCell>(StringComparer.Ordinal));

    /// <summary>The cell sets a report of <paramref name="traffic"/> counts (gross: the net and the
    /// extra cells, which add); null for gross without <see cref="ExtraCells"/>.</summary>
    public IEnumerable<IReadOnlyDictionary<string, Dictionary<string, BreakdownCell>>>? CellsFor(Traffic traffic) =>
        traffic == Traffic.Net ? [Cells] : ExtraCells is { } extra ? [Cells, extra] : null;

    /// <summary>The stored form (the same JSON as a dimension of <c>daily_stats.breakdowns</c>, which is where migration 0010 copied it from).</summary>
    public string ToJson() => ToJson(Cells);

    public static string ToJson(IReadOnlyDictionary<string, Dictionary<string, BreakdownCell>> cells) => JsonSerializer.Serialize(cells, Json);

    /// <summary>A stored day; <paramref name="extraJson"/> null: no gross part.</summary>
    public static GeoDay FromJson(DateOnly date, string json, string? extraJson = null) =>
        new(date, ParseCells(json)) { ExtraCells = extraJson is null ? null : ParseCells(extraJson) };

    private static Dictionary<string, Dictionary<string, BreakdownCell>> ParseCells(string json)
    {
        var cells = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, BreakdownCell>>>(json, Json)!;
        foreach (var dimension in Breakdowns.Geo)
        {
            cells.TryAdd(dimension, new Dictionary<string, BreakdownCell>(StringComparer.Ordinal));
        }

        return cells;
    }

    public GeoDayData ToData() => new(Date, Data(Cells), ExtraCells is { } extra ? Data(extra) : null);

    private static List<BreakdownCellData> Data(IReadOnlyDictionary<string, Dictionary<string, BreakdownCell>> cells) =>
        [.. cells.SelectMany(d => d.Value.Select(c => new BreakdownCellData(d.Key, c.Key, c.Value.Sessions, c.Value.ListenSeconds, c.Value.ListenerBytes)))];

    public static GeoDay FromData(GeoDayData data) =>
        new(data.Date, FromCells(data.Cells)) { ExtraCells = data.ExtraCells is { } extra ? FromCells(extra) : null };

    private static Dictionary<string, Dictionary<string, BreakdownCell>> FromCells(IReadOnlyList<BreakdownCellData> data)
    {
        var day = EmptyCells();
        foreach (var cell in data)
        {
            if (!day.TryGetValue(cell.Dimension, out var cells))
            {
                continue; // not a geo dimension
            }

            cells[cell.Value] = new BreakdownCell { Sessions = cell.Sessions, ListenSeconds = cell.ListenSeconds, ListenerBytes = cell.Listeners };
        }

        return day;
    }
}
