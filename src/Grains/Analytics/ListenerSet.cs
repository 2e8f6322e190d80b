using System.Numerics;

namespace Asteroid.Analytics;

/// <summary>A mergeable set of listener hashes: exact (a sorted array) or, for large sets whose raw
/// sessions are gone, a HyperLogLog sketch (2^16 registers, standard error ≈ 0.41 %). A union is
/// exact when every part is exact. Serialized as one byte of kind, then the keys or the registers.</summary>
public sealed class ListenerSet
{
    public const int Precision = 16;
    private const int Registers = 1 << Precision;
    private const byte ExactKind = 1;
    private const byte SketchKind = 2;

    private readonly ulong[]? _keys;
    private readonly byte[]? _registers;
    private readonly (ListenerOrdinals Ordinals, ulong[] Bits)? _bitmap;

    private ListenerSet(ulong[]? keys, byte[]? registers, (ListenerOrdinals, ulong[])? bitmap = null)
    {
        _keys = keys;
        _registers = registers;
        _bitmap = bitmap;
    }

    /// <summary>Size of the bitmap held with the set (0 without one).</summary>
    public int BitmapBytes => (_bitmap?.Bits.Length ?? 0) * sizeof(ulong);

    /// <summary>The same exact set, also held as a bitmap over a scope's listener numbers (for fast
    /// unions with the scope's other days); a sketch is returned as it is.</summary>
    public ListenerSet WithBitmap(ListenerOrdinals ordinals) =>
        _keys is { } keys ? new ListenerSet(keys, null, (ordinals, ordinals.Bitmap(keys))) : this;

    public static ListenerSet Empty { get; } = new([], null);

    public bool IsExact => _keys is not null;

    /// <summary>An exact set without keys.</summary>
    public bool IsEmpty => _keys is { Length: 0 };

    public int ExactCount => _keys?.Length ?? throw new InvalidOperationException("a sketch has no exact count");

    public long Count => _keys?.Length ?? Estimate(_registers!);

    public static ListenerSet Of(IEnumerable<ulong> keys)
    {
        var array = keys.ToArray();
        Array.Sort(array);
        return new ListenerSet(Dedup(array), null);
    }

    /// <summary>The sketch of this set (exact sets are kept exact when small: a sketch would be larger).</summary>
    public ListenerSet Compact(int keepExactBelow = 4096)
    {
        if (_keys is null || _keys.Length < keepExactBelow)
        {
            return this;
        }

        var registers = new byte[Registers];
        foreach (var key in _keys)
        {
            AddToSketch(registers, key);
        }

        return new ListenerSet(null, registers);
    }

    public static (long Count, bool Exact) UnionCount(IReadOnlyList<ListenerSet> sets)
    {
        if (sets.All(s => s.IsExact))
        {
            // Days that carry bitmaps of one scope (a report's stored days) are OR-ed; the rest join by key.
            var ordinals = sets.Where(s => s._bitmap is not null).GroupBy(s => s._bitmap!.Value.Ordinals).MaxBy(g => g.Count())?.Key;
            if (ordinals is not null && sets.Count(s => s._bitmap?.Ordinals == ordinals) >= 2)
            {
                return (ordinals.UnionCount(
                    sets.Where(s => s._bitmap?.Ordinals == ordinals).Select(s => s._bitmap!.Value.Bits),
                    sets.Where(s => s._bitmap?.Ordinals != ordinals).Select(s => s._keys!)), true);
            }

            return (CountDistinct(sets.Select(s => s._keys!).ToList()), true);
        }

        var registers = new byte[Registers];
        foreach (var set in sets)
        {
            if (set._registers is { } other)
            {
                for (var i = 0; i < Registers; i++)
                {
                    registers[i] = Math.Max(registers[i], other[i]);
                }
            }
            else
            {
                foreach (var key in set._keys!)
                {
                    AddToSketch(registers, key);
                }
            }
        }

        return (Estimate(registers), false);
    }

    /// <summary>The union of several sets: exact when every part is exact, a sketch otherwise.</summary>
    public static ListenerSet Union(IReadOnlyList<ListenerSet> sets)
    {
        if (sets.All(s => s.IsExact))
        {
            return Of(sets.SelectMany(s => s._keys!));
        }

        var registers = new byte[Registers];
        foreach (var set in sets)
        {
            if (set._registers is { } other)
            {
                for (var i = 0; i < Registers; i++)
                {
                    registers[i] = Math.Max(registers[i], other[i]);
                }
            }
            else
            {
                foreach (var key in set._keys!)
                {
                    AddToSketch(registers, key);
                }
            }
        }

        return new ListenerSet(null, registers);
    }

    public byte[] Serialize()
    {
        if (_keys is { } keys)
        {
            var bytes = new byte[1 + keys.Length * 8];
            bytes[0] = ExactKind;
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(keys.AsSpan()).CopyTo(bytes.AsSpan(1));
            return bytes;
        }

        return [SketchKind, .. _registers!];
    }

    public static ListenerSet Deserialize(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return Empty;
        }

        return bytes[0] switch
        {
            ExactKind => new ListenerSet(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(bytes[1..]).ToArray(), null),
            SketchKind => new ListenerSet(null, bytes[1..].ToArray()),
            _ => throw new FormatException("unknown listener set kind"),
        };
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

        var largest = arrays.Max(a => a.Length);
        if (largest == 0)
        {
            return 0;
        }

        var bits = Math.Max(10, 64 - BitOperations.LeadingZeroCount((ulong)largest * 4 - 1));
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

    private static void AddToSketch(byte[] registers, ulong hash)
    {
        // Listener hashes are HMAC output: uniformly random, no further mixing needed.
        var index = (int)(hash >> (64 - Precision));
        var rank = (byte)(BitOperations.LeadingZeroCount((hash << Precision) | (1UL << (Precision - 1))) + 1);
        if (rank > registers[index])
        {
            registers[index] = rank;
        }
    }

    private static long Estimate(byte[] registers)
    {
        double sum = 0;
        var zeros = 0;
        foreach (var r in registers)
        {
            sum += Math.ScaleB(1.0, -r);
            if (r == 0)
            {
                zeros++;
            }
        }

        const double m = Registers;
        var alpha = 0.7213 / (1 + 1.079 / m);
        var raw = alpha * m * m / sum;
        if (raw <= 2.5 * m && zeros > 0)
        {
            return (long)Math.Round(m * Math.Log(m / zeros)); // linear counting for small cardinalities
        }

        return (long)Math.Round(raw);
    }
}
