namespace Asteroid.Analytics;

/// <summary>One scope's day in both traffics: the net <see cref="DayAggregator"/> (what every report
/// answered before) and a gross one (every session counted), snapshotted together as a net
/// <see cref="DayStats"/> with its <see cref="DayStats.Gross"/> part.</summary>
public sealed class TrafficDayAggregator : IDayAccumulator<TrafficDayAggregator>
{
    private readonly DayAggregator _net;
    private readonly DayAggregator _gross;

    public TrafficDayAggregator(DayWindow day)
        : this(new DayAggregator(day), new DayAggregator(day, Traffic.Gross))
    {
    }

    private TrafficDayAggregator(DayAggregator net, DayAggregator gross)
    {
        _net = net;
        _gross = gross;
    }

    public DayWindow Day => _net.Day;

    public int SessionCount => _net.SessionCount;

    public bool Contains(Guid sessionId) => _net.Contains(sessionId);

    public bool Add(SessionFact f)
    {
        _gross.Add(f);
        return _net.Add(f);
    }

    public void AddOpen(SessionFact f)
    {
        _gross.AddOpen(f);
        _net.AddOpen(f);
    }

    public TrafficDayAggregator Clone() => new(_net.Clone(), _gross.Clone());

    public DayStats Snapshot()
    {
        var net = _net.SnapshotUnbounded();
        var gross = _gross.SnapshotUnbounded();
        var netKeys = _net.ListenerKeys.ToHashSet();
        // Both traffics name the same referrer hosts (the net day's largest, then the extras'), so a
        // gross host cell is exactly its net cell plus its extras cell.
        var (netReferrers, extraReferrers) = (net.Breakdowns[Breakdowns.Referrer], gross.Breakdowns[Breakdowns.Referrer]);
        var named = ReferrerCells.Named(extraReferrers, ReferrerCells.Named(netReferrers));
        var netCells = new Dictionary<string, Dictionary<string, BreakdownCell>>(net.Breakdowns) { [Breakdowns.Referrer] = ReferrerCells.Bound(netReferrers, named) };
        var extraCells = new Dictionary<string, Dictionary<string, BreakdownCell>>(gross.Breakdowns) { [Breakdowns.Referrer] = ReferrerCells.Bound(extraReferrers, named) };
        return net with
        {
            Breakdowns = netCells,
            Gross = new GrossDay
            {
                Totals = gross.Totals,
                Hours = gross.Hours,
                QuarterCounts = gross.QuarterCounts,
                SessionLengths = gross.SessionLengths,
                CarriedIn = gross.CarriedIn,
                InstantSessions = gross.InstantSessions,
                ExtraListeners = ListenerSet.Of(_gross.ListenerKeys.Where(k => !netKeys.Contains(k))),
                ExtraBreakdowns = extraCells,
            },
        };
    }
}
