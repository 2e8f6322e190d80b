using Asteroid.Analytics;

namespace Asteroid.Tests.Analytics;

/// <summary>The exact union count of listener sets (long-range uniques) equals a plain distinct count,
/// including the cases its open-addressing table must get right: the key 0, keys that share their top
/// bits (probing), probing past the end of the table, and sets that overlap.</summary>
public sealed class ListenerSetUnionTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Union_of_random_overlapping_sets_counts_each_listener_once(int seed)
    {
        var random = new Random(seed);
        var population = Enumerable.Range(0, 5000).Select(_ => (ulong)random.NextInt64() * 2 + 1).ToArray();
        var days = Enumerable.Range(0, 40).Select(_ => ListenerSet.Of(Enumerable.Range(0, random.Next(0, 800)).Select(_ => population[random.Next(population.Length)]))).ToList();

        var count = ListenerSet.UnionCount(days);

        Assert.Equal(days.SelectMany(d => Keys(d)).Distinct().LongCount(), count);
    }

    [Theory]
    [InlineData(4)] // unions of a few keys: counted by sorting a copy
    [InlineData(60)] // around 256 keys in all: either side of the sorting path's bound
    [InlineData(70)]
    public void Small_unions_on_either_side_of_the_sorting_bound_count_each_listener_once(int perSet)
    {
        var random = new Random(perSet);
        for (var round = 0; round < 200; round++)
        {
            // Few distinct keys (with 0), so the sets overlap.
            var sets = Enumerable.Range(0, 4).Select(_ => ListenerSet.Of(Enumerable.Range(0, random.Next(0, perSet + 1)).Select(_ => (ulong)random.Next(0, 3 * perSet)))).ToList();

            Assert.Equal(sets.SelectMany(Keys).Distinct().LongCount(), ListenerSet.UnionCount(sets));
        }
    }

    [Fact]
    public void Zero_colliding_top_bits_and_wrap_around_are_counted_exactly()
    {
        ulong[] crowded = [0, 1, 2, 3, ulong.MaxValue, ulong.MaxValue - 1, ulong.MaxValue - 2, 0xFFFF_0000_0000_0000, 0x8000_0000_0000_0000];
        var a = ListenerSet.Of(crowded.Take(6));
        var b = ListenerSet.Of(crowded.Skip(3));

        Assert.Equal(9L, ListenerSet.UnionCount([a, b]));
    }

    [Fact]
    public void A_union_larger_than_the_reused_tables_grows_past_them_and_stays_exact()
    {
        var random = new Random(7);
        var keys = Enumerable.Range(0, 900_000).Select(_ => (ulong)random.NextInt64() | 1).Distinct().ToArray();
        var a = ListenerSet.Of(keys.Take(600_000));
        var b = ListenerSet.Of(keys.Skip(300_000));

        Assert.Equal(keys.LongLength, ListenerSet.UnionCount([a, b]));
        Assert.Equal(600_000L, ListenerSet.UnionCount([a, a])); // the thread's tables are reused after a large union
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void Days_with_bitmaps_of_one_scope_and_days_without_union_to_the_same_count(int seed)
    {
        var random = new Random(seed);
        var population = Enumerable.Range(0, 3000).Select(_ => (ulong)random.NextInt64() * 2 + 1).ToArray();
        ListenerSet Day() => ListenerSet.Of(Enumerable.Range(0, random.Next(0, 600)).Select(_ => population[random.Next(population.Length)]));
        var ordinals = new ListenerOrdinals();
        var stored = Enumerable.Range(0, 30).Select(_ => Day().WithBitmap(ordinals)).ToList();
        var live = new[] { Day(), ListenerSet.Of([0UL, 3UL, .. population.Take(50)]) }; // no bitmap; keys numbered and not
        var otherScope = Day().WithBitmap(new ListenerOrdinals());

        var all = stored.Concat(live).Append(otherScope).ToList();
        var count = ListenerSet.UnionCount(all);

        Assert.Equal(all.SelectMany(Keys).Distinct().LongCount(), count);
        Assert.Equal(stored.SelectMany(Keys).Distinct().LongCount(), ListenerSet.UnionCount(stored));
    }

    [Fact]
    public void Union_of_empty_sets_is_zero()
    {
        Assert.Equal(0L, ListenerSet.UnionCount([ListenerSet.Empty, ListenerSet.Empty]));
    }

    private static ulong[] Keys(ListenerSet set)
    {
        var bytes = set.Serialize();
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(bytes.AsSpan(1)).ToArray();
    }
}
