using System.Numerics;

namespace Asteroid.Analytics;

/// <summary>A mergeable, exact set of listener hashes (a sorted array), optionally held with a
/// bitmap over a scope's listener numbers for fast unions. Day rows keep their exact sets whatever
/// the raw-session retention, so every union is exact. Serialized as one byte of kind, then the keys.</summary>
public sealed class ListenerSet
{
    private const byte ExactKind = 1;

    private readonly ulong[] _keys;
    private readonly (ListenerOrdinals Ordinals, ulong[] Bits)? _bitmap;

    private ListenerSet(ulong[] keys, (ListenerOrdinals, ulong[])? bitmap = null)
    {
        _keys = keys;
        _bitmap = bitmap;
    }

    /// <summary>Size of the bitmap held with the set (0 without one).</summary>
    public int BitmapBytes => (_bitmap?.Bits.Length ?? 0) * sizeof(ulong);

    /// <summary>The same set, also held as a bitmap over a scope's listener numbers (for fast
    /// unions with the scope's other days).</summary>
    public ListenerSet WithBitmap(ListenerOrdinals ordinals) => new(_keys, (ordinals, ordinals.Bitmap(_keys)));

    public static ListenerSet Empty { get; } = new([]);

    /// <summary>A set without keys.</summary>
    public bool IsEmpty => _keys.Length == 0;

    public long Count => _keys.Length;

    /// <summary>The sorted, distinct keys (not to be changed: shared with the set).</summary>
    internal ulong[] Keys => _keys;

    public static ListenerSet Of(IEnumerable<ulong> keys)
    {
        var array = keys.ToArray();
        Array.Sort(array);
        return new ListenerSet(Dedup(array));
    }

    /// <summary>Distinct listeners over several sets.</summary>
    public static long UnionCount(IReadOnlyList<ListenerSet> sets)
    {
        // Days that carry bitmaps of one scope (a report's stored days) are OR-ed; the rest join by key.
        var ordinals = sets.Where(s => s._bitmap is not null).GroupBy(s => s._bitmap!.Value.Ordinals).MaxBy(g => g.Count())?.Key;
        if (ordinals is not null && sets.Count(s => s._bitmap?.Ordinals == ordinals) >= 2)
        {
            return ordinals.UnionCount(
                sets.Where(s => s._bitmap?.Ordinals == ordinals).Select(s => s._bitmap!.Value.Bits),
                sets.Where(s => s._bitmap?.Ordinals != ordinals).Select(s => s._keys));
        }

        return CountDistinct([.. sets.Select(s => s._keys)]);
    }

    /// <summary>The sorted distinct keys of several sorted, distinct key arrays (one array is answered as itself).</summary>
    internal static ulong[] SortedUnion(List<ulong[]> arrays)
    {
        if (arrays.Count == 0)
        {
            return [];
        }

        if (arrays.Count == 1)
        {
            return arrays[0];
        }

        var all = new ulong[arrays.Sum(a => a.Length)];
        var at = 0;
        foreach (var array in arrays)
        {
            array.CopyTo(all, at);
            at += array.Length;
        }

        Array.Sort(all);
        return Dedup(all);
    }

    /// <summary>The union of several sets.</summary>
    public static ListenerSet Union(IReadOnlyList<ListenerSet> sets) => Of(sets.SelectMany(s => s._keys));

    public byte[] Serialize()
    {
        var bytes = new byte[1 + _keys.Length * 8];
        bytes[0] = ExactKind;
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(_keys.AsSpan()).CopyTo(bytes.AsSpan(1));
        return bytes;
    }

    /// <summary>A stored or sent set (no release ever wrote another kind than exact keys).</summary>
    public static ListenerSet Deserialize(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return Empty;
        }

        return bytes[0] == ExactKind
            ? new ListenerSet(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(bytes[1..]).ToArray())
            : throw new FormatException("unknown listener set kind");
    }

    /// <summary>Distinct keys over several sets: an open-addressing table indexed by the keys' top
    /// bits (they are uniformly random HMAC output, so no hashing is needed), kept at most half
    /// full and doubled as it fills — a year of daily sets repeats the same listeners, so the table
    /// grows with the distinct count, not with the sum of the sets. Sorted sets sweep the table in
    /// order. The table is reused per thread up to 2^21 slots (16 MB), so long-range reports do
    /// not churn the large-object heap.</summary>
    internal static long CountDistinct(List<ulong[]> arrays)
    {
        if (arrays.Count == 1)
        {
            return arrays[0].Length;
        }

        long largest = 0, total = 0;
        foreach (var array in arrays)
        {
            largest = Math.Max(largest, array.Length);
            total += array.Length;
        }

        if (largest == 0)
        {
            return 0;
        }

        if (total <= SmallUnion)
        {
            return CountDistinctSorted(arrays, (int)total);
        }

        // Room for four times the largest set, or for every key when that is less than twice as
        // much again (a month of a cell's days): growing rehashes and clears, sizing once only clears.
        var expected = Math.Min(total, Math.Max(largest * 4, total / 2));
        var bits = Math.Min(ReusedBits + 4, Math.Max(10, 64 - BitOperations.LeadingZeroCount((ulong)expected * 2 - 1)));
        var table = Rent(bits);
        long count = 0;
        var sawZero = false;
        foreach (var array in arrays)
        {
            foreach (var key in array)
            {
                if (key == 0)
                {
                    sawZero = true; // 0 marks an empty slot
                }
                else if (Insert(table, bits, key))
                {
                    if (++count * 2 > 1L << bits)
                    {
                        (table, bits) = Grow(table, bits);
                    }
                }
            }
        }

        Return(table, bits);
        return count + (sawZero ? 1 : 0);
    }

    /// <summary>Up to this many keys in all, a union is counted by sorting a copy on the stack: cheaper
    /// than clearing even the smallest table (1,024 slots) — a track's plays over a month are such unions.</summary>
    private const int SmallUnion = 256;

    private static long CountDistinctSorted(List<ulong[]> arrays, int total)
    {
        Span<ulong> all = stackalloc ulong[total];
        var at = 0;
        foreach (var array in arrays)
        {
            array.CopyTo(all[at..]);
            at += array.Length;
        }

        all.Sort();
        long count = 1;
        for (var i = 1; i < all.Length; i++)
        {
            count += all[i] != all[i - 1] ? 1 : 0;
        }

        return count;
    }

    private const int ReusedBits = 20;

    [ThreadStatic]
    private static ulong[]?[]? _reused;

    private static bool Insert(ulong[] table, int bits, ulong key)
    {
        var mask = (1 << bits) - 1;
        var slot = (int)(key >> (64 - bits));
        while (true)
        {
            var found = table[slot];
            if (found == key)
            {
                return false;
            }

            if (found == 0)
            {
                table[slot] = key;
                return true;
            }

            slot = (slot + 1) & mask;
        }
    }

    private static (ulong[] Table, int Bits) Grow(ulong[] table, int bits)
    {
        var larger = Rent(bits + 1);
        foreach (var key in table.AsSpan(0, 1 << bits))
        {
            if (key != 0)
            {
                Insert(larger, bits + 1, key);
            }
        }

        Return(table, bits);
        return (larger, bits + 1);
    }

    /// <summary>A cleared table of at least 2^bits slots (one of the thread's reused ones when it fits).</summary>
    private static ulong[] Rent(int bits)
    {
        if (bits <= ReusedBits)
        {
            var reused = _reused ??= new ulong[]?[2];
            for (var i = 0; i < reused.Length; i++)
            {
                if (reused[i] is { } table)
                {
                    reused[i] = null;
                    Array.Clear(table, 0, 1 << bits);
                    return table;
                }
            }

            return new ulong[1 << ReusedBits];
        }

        return new ulong[1L << bits];
    }

    private static void Return(ulong[] table, int bits)
    {
        if (table.Length == 1 << ReusedBits && bits <= ReusedBits && _reused is { } reused)
        {
            var free = Array.IndexOf(reused, null);
            if (free >= 0)
            {
                reused[free] = table;
            }
        }
    }

    private static ulong[] Dedup(ulong[] sorted)
    {
        if (sorted.Length < 2)
        {
            return sorted;
        }

        var n = 1;
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i] != sorted[n - 1])
            {
                sorted[n++] = sorted[i];
            }
        }

        return n == sorted.Length ? sorted : sorted[..n];
    }
}
