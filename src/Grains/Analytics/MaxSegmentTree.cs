namespace Asteroid.Analytics;

/// <summary>Concurrency over the seconds of a day: add +1 over [from, to) for each session, then ask
/// for the highest count in a range and the first second it is reached. Range add and range max with
/// lazy propagation, O(log n) each.</summary>
public sealed class MaxSegmentTree
{
    private readonly int _size;
    private readonly int[] _max;
    private readonly int[] _lazy;

    public MaxSegmentTree(int size)
    {
        _size = Math.Max(1, size);
        _max = new int[4 * _size];
        _lazy = new int[4 * _size];
    }

    public void CopyFrom(MaxSegmentTree other)
    {
        other._max.CopyTo(_max, 0);
        other._lazy.CopyTo(_lazy, 0);
    }

    public void Add(int from, int to, int delta)
    {
        from = Math.Max(0, from);
        to = Math.Min(_size, to);
        if (from < to)
        {
            Add(1, 0, _size, from, to, delta);
        }
    }

    /// <summary>The highest count in [from, to) and the first second where it is reached.</summary>
    public (int Max, int At) Max(int from, int to)
    {
        from = Math.Max(0, from);
        to = Math.Min(_size, to);
        if (from >= to)
        {
            return (0, from);
        }

        var max = Query(1, 0, _size, from, to);
        return (max, First(1, 0, _size, from, to, max));
    }

    private void Add(int node, int lo, int hi, int from, int to, int delta)
    {
        if (from <= lo && hi <= to)
        {
            _max[node] += delta;
            _lazy[node] += delta;
            return;
        }

        var mid = (lo + hi) / 2;
        if (from < mid)
        {
            Add(2 * node, lo, mid, from, to, delta);
        }

        if (to > mid)
        {
            Add(2 * node + 1, mid, hi, from, to, delta);
        }

        _max[node] = Math.Max(_max[2 * node], _max[2 * node + 1]) + _lazy[node];
    }

    private int Query(int node, int lo, int hi, int from, int to)
    {
        if (from <= lo && hi <= to)
        {
            return _max[node];
        }

        var mid = (lo + hi) / 2;
        var best = int.MinValue;
        if (from < mid)
        {
            best = Math.Max(best, Query(2 * node, lo, mid, from, to));
        }

        if (to > mid)
        {
            best = Math.Max(best, Query(2 * node + 1, mid, hi, from, to));
        }

        return best + _lazy[node];
    }

    private int First(int node, int lo, int hi, int from, int to, int target)
    {
        if (hi - lo == 1)
        {
            return lo;
        }

        var mid = (lo + hi) / 2;
        var rest = target - _lazy[node];
        if (from < mid && Query(2 * node, lo, mid, from, to) == rest)
        {
            return First(2 * node, lo, mid, from, to, rest);
        }

        return First(2 * node + 1, mid, hi, from, to, rest);
    }
}
