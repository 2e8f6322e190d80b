using Asteroid.Sessions;

namespace Asteroid.Import;

/// <summary>One HLS request of a listener: a playlist or a segment of one stream.</summary>
public sealed record class HlsRequest(string Mount, ListenerProfile Listener, DateTimeOffset At, bool Segment, long Bytes);

/// <summary>An HLS listening session: <see cref="End"/> is the last segment's end.</summary>
public sealed record class HlsSession(string Mount, ListenerProfile Listener, DateTimeOffset Start, DateTimeOffset End, long Bytes, int Requests, int Segments);

/// <summary>Groups HLS requests into sessions. Rules:
/// <list type="bullet">
/// <item>Per stream (mount) and listener (<see cref="ListenerProfile.ListenerKey"/>, the keyed hash of address and user agent).</item>
/// <item>A request joins the listener's open group when it is less than <c>gap</c> from the group's
/// requests (before its first or after its last); otherwise the group closes and a new one opens. A
/// group never grows longer than <see cref="Icecast.InputLimits.MaxSessionSeconds"/>.</item>
/// <item>Start = the first request; end = the last segment's request + <c>target</c> (the segment's
/// duration is not in access logs, so the target duration stands for it); bytes and requests summed.</item>
/// <item>A group with no segment (playlists only: a master playlist, a player that never played) is no session.</item>
/// <item>Memory: a group idle for more than twice the gap behind the latest request seen is closed
/// (log lines are near time order: nginx writes a request when it ends); beyond
/// <see cref="MaxOpen"/> open groups, the ones idle longest are closed first.</item>
/// </list>
/// The result depends only on the requests given, not on their order within gap.</summary>
public sealed class HlsSessionizer(TimeSpan target, TimeSpan gap)
{
    public const int MaxOpen = 200_000;

    private readonly Dictionary<(string Mount, string Listener), Group> _open = [];
    private DateTimeOffset _latest = DateTimeOffset.MinValue;
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;

    public TimeSpan Target { get; } = target;

    public TimeSpan Gap { get; } = gap;

    /// <summary>Groups closed without a segment so far.</summary>
    public long PlaylistOnly { get; private set; }

    /// <summary>The default gap for a target duration: twice it, at least 30 s.</summary>
    public static TimeSpan DefaultGap(TimeSpan target) => TimeSpan.FromTicks(Math.Max(2 * target.Ticks, TimeSpan.FromSeconds(30).Ticks));

    /// <summary>Adds a request; returns the sessions it closed (often none).</summary>
    public IReadOnlyList<HlsSession> Add(HlsRequest request)
    {
        var closed = new List<HlsSession>();
        var key = (request.Mount, request.Listener.ListenerKey);
        if (_open.TryGetValue(key, out var group))
        {
            var joins = request.At > group.First - Gap && request.At < group.Last + Gap
                && (Max(group.Last, request.At) - Min(group.First, request.At)).TotalSeconds <= Icecast.InputLimits.MaxSessionSeconds;
            if (joins)
            {
                group.Add(request);
            }
            else
            {
                Close(group, closed);
                _open[key] = new Group(request);
            }
        }
        else
        {
            _open[key] = new Group(request);
        }

        if (request.At > _latest)
        {
            _latest = request.At;
        }

        if (_latest - _lastSweep > Gap || _open.Count > MaxOpen)
        {
            Sweep(closed);
        }

        return closed;
    }

    /// <summary>Closes every open group (the end of the log).</summary>
    public IReadOnlyList<HlsSession> Flush()
    {
        var closed = new List<HlsSession>();
        foreach (var group in _open.Values.OrderBy(g => g.First))
        {
            Close(group, closed);
        }

        _open.Clear();
        return closed;
    }

    private void Sweep(List<HlsSession> closed)
    {
        _lastSweep = _latest;
        foreach (var (key, group) in _open.Where(g => _latest - g.Value.Last > 2 * Gap).ToList())
        {
            _open.Remove(key);
            Close(group, closed);
        }

        if (_open.Count > MaxOpen)
        {
            foreach (var (key, group) in _open.OrderBy(g => g.Value.Last).Take(_open.Count - (MaxOpen / 2)).ToList())
            {
                _open.Remove(key);
                Close(group, closed);
            }
        }
    }

    private void Close(Group group, List<HlsSession> closed)
    {
        if (group.LastSegment is { } last)
        {
            closed.Add(new HlsSession(group.Mount, group.Listener, group.First, Max(last + Target, group.First), group.Bytes, group.Requests, group.Segments));
        }
        else
        {
            PlaylistOnly++;
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private sealed class Group
    {
        public Group(HlsRequest first)
        {
            Mount = first.Mount;
            Listener = first.Listener;
            First = Last = first.At;
            Add(first);
        }

        public string Mount { get; }

        public ListenerProfile Listener { get; }

        public DateTimeOffset First { get; private set; }

        public DateTimeOffset Last { get; private set; }

        public DateTimeOffset? LastSegment { get; private set; }

        public long Bytes { get; private set; }

        public int Requests { get; private set; }

        public int Segments { get; private set; }

        public void Add(HlsRequest request)
        {
            First = Min(First, request.At);
            Last = Max(Last, request.At);
            Bytes += request.Bytes;
            Requests++;
            if (request.Segment)
            {
                Segments++;
                LastSegment = LastSegment is { } s ? Max(s, request.At) : request.At;
            }
        }
    }
}
