namespace Asteroid.Analytics;

/// <summary>Exact, incremental aggregation of one scope's sessions on one local day. Sessions can
/// arrive in any order, more than once (ignored by id), and span midnight (each day counts only its
/// part). It keeps per listener the merged intervals of qualifying listening, which gives distinct
/// listeners per day and hour and the AQH rule (5 minutes in a quarter hour, overlapping sessions
/// of one listener counted once), a segment tree of concurrency for peaks, and the player, OS,
/// device and mount cells (<see cref="BreakdownCells"/>; country and city are the geo grain's,
/// <see cref="GeoDayAggregator"/>). Times are whole
/// seconds (<see cref="SessionFact"/>). With <see cref="Traffic.Gross"/> every session counts as
/// qualifying (bots and sessions under 60 s included; docs/metrics.md, "Net and gross"), and the
/// breakdown cells hold only the sessions net traffic leaves out (the gross cells are the net
/// cells plus these: <see cref="GrossDay"/>).</summary>
public sealed class DayAggregator(DayWindow day, Traffic traffic = Traffic.Net) : IDayAccumulator<DayAggregator>
{
    private const int AqhSeconds = 300;

    private readonly HashSet<Guid> _applied = [];
    private readonly Dictionary<ulong, List<(int Start, int End)>> _intervals = [];
    private readonly MaxSegmentTree _concurrency = new(day.Length);
    private readonly long[] _sessions = new long[day.Hours + 1];
    private readonly long[] _short = new long[day.Hours + 1];
    private readonly long[] _bots = new long[day.Hours + 1];
    private readonly long[] _active = new long[day.Hours + 1];
    private readonly long[] _seconds = new long[day.Hours + 1];
    private readonly long[] _ended = new long[day.Hours];
    private readonly long[] _hourUniques = new long[day.Hours];
    private readonly int[] _quarters = new int[day.Quarters];
    private readonly long[] _lengths = new long[SessionLengthBuckets.Names.Length];
    private BreakdownCells _cells = new(Breakdowns.Day);
    private long _carriedIn;
    private long _instant;

    public DayWindow Day => day;

    public Traffic Traffic => traffic;

    /// <summary>The listeners with counted listening on the day.</summary>
    public IEnumerable<ulong> ListenerKeys => _intervals.Keys;

    public int SessionCount => _applied.Count;

    public bool Contains(Guid sessionId) => _applied.Contains(sessionId);

    /// <summary>An independent copy (for a live view that adds open sessions without changing this one).</summary>
    public DayAggregator Clone()
    {
        var copy = new DayAggregator(day, traffic);
        copy._applied.UnionWith(_applied);
        foreach (var (listener, intervals) in _intervals)
        {
            copy._intervals[listener] = [.. intervals];
        }

        copy._concurrency.CopyFrom(_concurrency);
        _sessions.CopyTo(copy._sessions, 0);
        _short.CopyTo(copy._short, 0);
        _bots.CopyTo(copy._bots, 0);
        _active.CopyTo(copy._active, 0);
        _seconds.CopyTo(copy._seconds, 0);
        _ended.CopyTo(copy._ended, 0);
        _hourUniques.CopyTo(copy._hourUniques, 0);
        _quarters.CopyTo(copy._quarters, 0);
        _lengths.CopyTo(copy._lengths, 0);
        copy._cells = _cells.Clone();

        copy._carriedIn = _carriedIn;
        copy._instant = _instant;
        return copy;
    }

    /// <summary>Adds a session; false if this session id was already added.</summary>
    public bool Add(SessionFact f) => Add(f, ended: true);

    public void AddOpen(SessionFact f) => Add(f, ended: false);

    private bool Add(SessionFact f, bool ended)
    {
        if (!_applied.Add(f.SessionId))
        {
            return false;
        }

        var counted = Counts(f);
        var s = f.Start - day.Start;
        var total = day.Hours; // index of the whole-day slot in the per-hour arrays
        if (s >= 0 && s < day.Length)
        {
            var hour = (int)(s / DayWindow.HourSeconds);
            if (f.IsBot)
            {
                _bots[hour]++;
                _bots[total]++;
            }
            else if (!f.Qualifies)
            {
                _short[hour]++;
                _short[total]++;
            }

            if (counted)
            {
                _sessions[hour]++;
                _sessions[total]++;
                if (f.Duration >= SessionFact.QualifyingSeconds)
                {
                    _lengths[SessionLengthBuckets.IndexOf(f.Duration)]++;
                }
                else if (f.Duration <= 0)
                {
                    _instant++; // gross only: started, but active at no second
                }
            }
        }

        // Ended: the hour of the session's last second (of its start, for a session of 0 s).
        var e = Math.Max(f.Start, f.End - 1) - day.Start;
        if (counted && ended && e >= 0 && e < day.Length)
        {
            _ended[(int)(e / DayWindow.HourSeconds)]++;
        }

        if (day.Part(f) is not { } part)
        {
            return true; // nothing of it inside the day
        }

        var (from, to, startsToday) = part;

        if (!f.IsBot || traffic == Traffic.Gross)
        {
            _concurrency.Add(from, to, 1);
        }

        if (counted)
        {
            AddQualifying(f, from, to, startsToday);
        }

        return true;
    }

    private void AddQualifying(SessionFact f, int from, int to, bool startsToday)
    {
        var total = day.Hours;
        _active[total]++;
        _seconds[total] += to - from;
        if (!startsToday)
        {
            _carriedIn++;
        }

        var firstHour = from / DayWindow.HourSeconds;
        var lastHour = (to - 1) / DayWindow.HourSeconds;
        for (var h = firstHour; h <= lastHour; h++)
        {
            _active[h]++;
            _seconds[h] += Overlap(from, to, h * DayWindow.HourSeconds, (h + 1) * DayWindow.HourSeconds);
        }

        if (!_intervals.TryGetValue(f.Listener, out var intervals))
        {
            intervals = [];
            _intervals[f.Listener] = intervals;
        }

        var firstQuarter = from / DayWindow.QuarterSeconds;
        var lastQuarter = (to - 1) / DayWindow.QuarterSeconds;
        Span<int> before = stackalloc int[lastQuarter - firstQuarter + 1];
        for (var q = firstQuarter; q <= lastQuarter; q++)
        {
            before[q - firstQuarter] = Coverage(intervals, q * DayWindow.QuarterSeconds, (q + 1) * DayWindow.QuarterSeconds);
        }

        for (var h = firstHour; h <= lastHour; h++)
        {
            if (Coverage(intervals, h * DayWindow.HourSeconds, (h + 1) * DayWindow.HourSeconds) == 0)
            {
                _hourUniques[h]++;
            }
        }

        Merge(intervals, from, to);
        for (var q = firstQuarter; q <= lastQuarter; q++)
        {
            var after = Coverage(intervals, q * DayWindow.QuarterSeconds, (q + 1) * DayWindow.QuarterSeconds);
            if (before[q - firstQuarter] < AqhSeconds && after >= AqhSeconds)
            {
                _quarters[q]++;
            }
        }

        if (traffic == Traffic.Net || !f.Qualifies)
        {
            _cells.Add(f, to - from, startsToday);
        }
    }

    /// <summary>Whether a session counts as listening in this aggregator's traffic.</summary>
    private bool Counts(SessionFact f) => traffic == Traffic.Gross || f.Qualifies;

    /// <summary>The day, its referrer cells bounded (<see cref="ReferrerCells"/>).</summary>
    public DayStats Snapshot() => Snapshot(boundReferrers: true);

    /// <summary>The day with its referrer cells as counted, for a caller that bounds two traffics alike.</summary>
    public DayStats SnapshotUnbounded() => Snapshot(boundReferrers: false);

    private DayStats Snapshot(bool boundReferrers)
    {
        var hours = new PeriodCounts[day.Hours];
        for (var h = 0; h < day.Hours; h++)
        {
            var (peak, at) = _concurrency.Max(h * DayWindow.HourSeconds, Math.Min(day.Length, (h + 1) * DayWindow.HourSeconds));
            hours[h] = new PeriodCounts(_sessions[h], _short[h], _bots[h], _active[h], _hourUniques[h], _seconds[h], peak,
                peak > 0 ? day.Start + at : null, _ended[h]);
        }

        var (dayPeak, dayAt) = _concurrency.Max(0, day.Length);
        var t = day.Hours;
        return new DayStats
        {
            Date = day.Date,
            TimeZone = day.Zone.Id,
            Start = day.Start,
            End = day.End,
            Totals = new PeriodCounts(_sessions[t], _short[t], _bots[t], _active[t], _intervals.Count, _seconds[t], dayPeak,
                dayPeak > 0 ? day.Start + dayAt : null, _ended.Sum()),
            Hours = hours,
            QuarterCounts = (int[])_quarters.Clone(),
            SessionLengths = (long[])_lengths.Clone(),
            CarriedIn = _carriedIn,
            InstantSessions = _instant,
            Breakdowns = boundReferrers ? ReferrerCells.Apply(_cells.Snapshot()) : _cells.Snapshot(),
            Listeners = ListenerSet.Of(_intervals.Keys),
        };
    }

    private static int Overlap(int a, int b, int c, int d) => Math.Max(0, Math.Min(b, d) - Math.Max(a, c));

    private static int Coverage(List<(int Start, int End)> intervals, int from, int to)
    {
        var covered = 0;
        foreach (var (s, e) in intervals)
        {
            covered += Overlap(s, e, from, to);
        }

        return covered;
    }

    /// <summary>Adds [from, to) to a sorted list of disjoint intervals, merging what overlaps or touches.</summary>
    private static void Merge(List<(int Start, int End)> intervals, int from, int to)
    {
        var i = 0;
        while (i < intervals.Count && intervals[i].End < from)
        {
            i++;
        }

        var j = i;
        while (j < intervals.Count && intervals[j].Start <= to)
        {
            from = Math.Min(from, intervals[j].Start);
            to = Math.Max(to, intervals[j].End);
            j++;
        }

        intervals.RemoveRange(i, j - i);
        intervals.Insert(i, (from, to));
    }
}
