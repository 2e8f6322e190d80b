namespace Asteroid.Analytics;

/// <summary>The breakdown cells of one scope's day in some dimensions (the geo grain keeps country
/// and city, the day grain player, OS, device and mount): per value, the qualifying sessions that
/// start on the day, the listening seconds inside it and the distinct listeners. The caller decides
/// what a session contributes (<see cref="DayWindow.Part"/>) and that each session is added once.</summary>
public sealed class BreakdownCells(IReadOnlyCollection<string> dimensions)
{
    private readonly Dictionary<(string, string), Cell> _cells = [];
    private int _referrerHosts;

    public IReadOnlyCollection<string> Dimensions => dimensions;

    /// <summary>Adds a qualifying session's <paramref name="seconds"/> inside the day; it counts as a
    /// session of the day only when it <paramref name="startsToday"/>.</summary>
    public void Add(SessionFact f, long seconds, bool startsToday)
    {
        foreach (var of in Breakdowns.Of(f, dimensions))
        {
            var key = of;
            if (!_cells.TryGetValue(key, out var cell) && key.Dimension == Breakdowns.Referrer && key.Value.Length > 0)
            {
                // Anyone can send any Referer: past ReferrerCells.MaxInMemory hosts in a day, a new
                // host goes straight into "(other)", so memory stays bounded before the saved bound.
                if (_referrerHosts >= ReferrerCells.MaxInMemory)
                {
                    key = (Breakdowns.Referrer, Breakdowns.OtherReferrers);
                    _cells.TryGetValue(key, out cell);
                }
                else if (key.Value != Breakdowns.OtherReferrers)
                {
                    _referrerHosts++;
                }
            }

            if (cell is null)
            {
                cell = new Cell();
                _cells[key] = cell;
            }

            cell.ListenSeconds += seconds;
            if (startsToday)
            {
                cell.Sessions++;
            }

            cell.Listeners.Add(f.Listener);
        }
    }

    public BreakdownCells Clone()
    {
        var copy = new BreakdownCells(dimensions) { _referrerHosts = _referrerHosts };
        foreach (var (key, cell) in _cells)
        {
            copy._cells[key] = new Cell { Sessions = cell.Sessions, ListenSeconds = cell.ListenSeconds, Listeners = [.. cell.Listeners] };
        }

        return copy;
    }

    /// <summary>dimension → value → cell, every dimension present (empty when no session had it).</summary>
    public Dictionary<string, Dictionary<string, BreakdownCell>> Snapshot()
    {
        var breakdowns = dimensions.ToDictionary(d => d, _ => new Dictionary<string, BreakdownCell>(StringComparer.Ordinal));
        foreach (var ((dimension, value), cell) in _cells)
        {
            breakdowns[dimension][value] = new BreakdownCell
            {
                Sessions = cell.Sessions,
                ListenSeconds = cell.ListenSeconds,
                Listeners = ListenerSet.Of(cell.Listeners),
            };
        }

        return breakdowns;
    }

    private sealed class Cell
    {
        public long Sessions;
        public long ListenSeconds;
        public HashSet<ulong> Listeners = [];
    }
}
