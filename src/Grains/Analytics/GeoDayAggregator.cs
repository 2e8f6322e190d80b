namespace Asteroid.Analytics;

/// <summary>The country and city cells of one scope's sessions on one local day (the same cells,
/// by the same rules, that the day's metrics once carried): sessions are added once each by id,
/// and only their qualifying part inside the day counts. The sessions net traffic leaves out (bots,
/// under 60 s) go to cells of their own, <see cref="GeoDay.ExtraCells"/>: gross = both.</summary>
public sealed class GeoDayAggregator(DayWindow day) : IDayAccumulator<GeoDayAggregator>
{
    private readonly HashSet<Guid> _applied = [];
    private BreakdownCells _cells = new(Breakdowns.Geo);
    private BreakdownCells _extra = new(Breakdowns.Geo);

    public DayWindow Day => day;

    public int SessionCount => _applied.Count;

    public bool Contains(Guid sessionId) => _applied.Contains(sessionId);

    public void AddOpen(SessionFact f) => Add(f); // geo cells have no ended count

    public bool Add(SessionFact f)
    {
        if (!_applied.Add(f.SessionId))
        {
            return false;
        }

        if (day.Part(f) is { } part)
        {
            (f.Qualifies ? _cells : _extra).Add(f, part.To - part.From, part.StartsToday);
        }

        return true;
    }

    public GeoDayAggregator Clone()
    {
        var copy = new GeoDayAggregator(day);
        copy._applied.UnionWith(_applied);
        copy._cells = _cells.Clone();
        copy._extra = _extra.Clone();
        return copy;
    }

    public GeoDay Snapshot() => new(day.Date, _cells.Snapshot()) { ExtraCells = _extra.Snapshot() };
}
