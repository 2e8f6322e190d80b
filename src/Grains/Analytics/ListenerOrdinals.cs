using System.Collections.Concurrent;
using System.Numerics;

namespace Asteroid.Analytics;

/// <summary>Dense numbers (0, 1, 2, …) for the listener hashes of one scope, handed out as a reader
/// meets them, so a day's listener set can also be held as a bitmap over those numbers: the union
/// of a year of days is then an OR of 365 bitmaps and a population count — a few thousand
/// machine words per day instead of a hash-table insert per listener and day. Safe for concurrent
/// readers; numbers are never reused or moved.</summary>
public sealed class ListenerOrdinals
{
    private readonly ConcurrentDictionary<ulong, int> _ordinals = new();
    private readonly Lock _gate = new();
    private int _count; // ConcurrentDictionary.Count takes every lock: too slow per new listener

    public int Count => Volatile.Read(ref _count);

    public bool TryGet(ulong key, out int ordinal) => _ordinals.TryGetValue(key, out ordinal);

    /// <summary>The set as a bitmap over this scope's numbers (numbering its new listeners first).</summary>
    public ulong[] Bitmap(IReadOnlyList<ulong> keys)
    {
        var ordinals = new int[keys.Count];
        lock (_gate)
        {
            for (var i = 0; i < keys.Count; i++)
            {
                if (!_ordinals.TryGetValue(keys[i], out ordinals[i]))
                {
                    ordinals[i] = _count;
                    _ordinals[keys[i]] = ordinals[i];
                    Volatile.Write(ref _count, _count + 1);
                }
            }
        }

        var bits = new ulong[(ordinals.Length == 0 ? 0 : ordinals.Max() + 64) / 64];
        foreach (var ordinal in ordinals)
        {
            bits[ordinal >> 6] |= 1UL << ordinal;
        }

        return bits;
    }

    /// <summary>Distinct listeners over bitmaps of this scope and plain key sets (days that have no
    /// bitmap, such as live days): the bitmaps are OR-ed, keys with a number set their bit, the
    /// others are counted apart.</summary>
    internal long UnionCount(IEnumerable<ulong[]> bitmaps, IEnumerable<ulong[]> keySets)
    {
        var maps = bitmaps.ToList();
        var words = new ulong[Math.Max(maps.Count == 0 ? 0 : maps.Max(m => m.Length), (Count + 63) / 64)];
        foreach (var map in maps)
        {
            Or(words.AsSpan(0, map.Length), map);
        }

        HashSet<ulong>? unnumbered = null;
        foreach (var keys in keySets)
        {
            foreach (var key in keys)
            {
                if (_ordinals.TryGetValue(key, out var ordinal) && ordinal >> 6 < words.Length)
                {
                    words[ordinal >> 6] |= 1UL << ordinal;
                }
                else
                {
                    (unnumbered ??= []).Add(key);
                }
            }
        }

        long count = unnumbered?.Count ?? 0;
        foreach (var word in words)
        {
            count += BitOperations.PopCount(word);
        }

        return count;
    }

    /// <summary><paramref name="target"/> |= <paramref name="source"/>, a vector at a time.</summary>
    private static void Or(Span<ulong> target, ReadOnlySpan<ulong> source)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var targets = System.Runtime.InteropServices.MemoryMarshal.Cast<ulong, Vector<ulong>>(target);
            var sources = System.Runtime.InteropServices.MemoryMarshal.Cast<ulong, Vector<ulong>>(source);
            for (var v = 0; v < targets.Length; v++)
            {
                targets[v] |= sources[v];
            }

            i = targets.Length * Vector<ulong>.Count;
        }

        for (; i < target.Length; i++)
        {
            target[i] |= source[i];
        }
    }
}
