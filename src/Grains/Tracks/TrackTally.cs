using System.Buffers;
using System.Runtime.CompilerServices;
using Asteroid.Analytics;

namespace Asteroid.Tracks;

/// <summary>The tracks of a range from the play cache's day blocks (<see cref="PlayBlock"/>): the same
/// rows, to the last bit, as <see cref="TrackReports.TracksOf"/> over the range's plays, without
/// grouping 10,000 plays by name on every request. The rules that keep it equal:
/// <list type="bullet">
/// <item>plays are visited in the report's order (start, server, mount: days in order, the mounts of
/// one UTC day merged), so every sum of doubles (listen minutes, expected tune-outs, a baseline cell's
/// minutes) adds the same numbers in the same order, and "first" and "last played" are the same plays;</item>
/// <item>a track's unique listeners are the distinct keys over its plays' sets; a block wholly inside
/// the range (and no daypart) gives its per-day union of the track's stored sets, the others (a day
/// cut by the range, a daypart, a play whose audience was computed now) each counted play's own set;</item>
/// <item>the baseline (when the range covers its window) is the range's settled plays, as
/// <see cref="TrackReports.BaselineOf"/>.</item>
/// </list></summary>
public static class TrackTally
{
    private sealed class Track(string key)
    {
        public readonly string Key = key;
        public readonly List<ulong[]> Listeners = [];
        public StoredPlay? First;
        public StoredPlay? Latest;
        public int Plays;
        public int TuneIns;
        public int TuneOuts;
        public int RatedTuneOuts;
        public int Peak;
        public int BaselinePlays;
        public double Minutes;
        public double Expected;
    }

    /// <summary>The track rows (sorted as <see cref="TrackReports.TracksOf"/> sorts them). Compiled
    /// optimized at once: it runs once per request over every play, so tiered compilation would keep
    /// it unoptimized for the first dozens of requests after a start.</summary>
    /// <param name="blocks">The cache's blocks around the range (any order).</param>
    /// <param name="filled">Plays whose audience was computed for this request (by play id), in place of their stored row.</param>
    /// <param name="baseline">The baseline cells when read apart (a range shorter than the baseline window); null: from the range's plays.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static List<TrackRow> Tracks(IReadOnlyList<PlayBlock> blocks, DateTimeOffset from, DateTimeOffset to,
        IReadOnlyList<(long From, long To)>? windows, IReadOnlyDictionary<Guid, StoredPlay> filled,
        IReadOnlyDictionary<(int Day, int Hour), (int Plays, long TuneOuts, double ListenMinutes)>? baseline, TimeZoneInfo zone, string sort)
    {
        var (order, count) = Ordered(blocks, from, to);
        var cells = ArrayPool<int>.Shared.Rent(count);
        try
        {
            return Tally(blocks, order, cells, count, from, to, windows, filled, baseline, zone, sort);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(cells);
            ArrayPool<(PlayBlock, int, bool)>.Shared.Return(order, clearArray: true);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<TrackRow> Tally(IReadOnlyList<PlayBlock> blocks, (PlayBlock Block, int Index, bool Whole)[] order, int[] cells, int count,
        DateTimeOffset from, DateTimeOffset to, IReadOnlyList<(long From, long To)>? windows, IReadOnlyDictionary<Guid, StoredPlay> filled,
        IReadOnlyDictionary<(int Day, int Hour), (int Plays, long TuneOuts, double ListenMinutes)>? baseline, TimeZoneInfo zone, string sort)
    {
        for (var i = 0; i < count; i++)
        {
            var (day, hour) = TrackReports.HourOfWeek(order[i].Block.Plays[order[i].Index].Play.StartedAt, zone);
            cells[i] = (day - 1) * 24 + hour;
        }

        // The baseline's cells: (plays, tune-outs, listen minutes) per local hour of the week.
        var basePlays = new int[7 * 24];
        var baseTuneOuts = new long[7 * 24];
        var baseMinutes = new double[7 * 24];
        if (baseline is null)
        {
            for (var i = 0; i < count; i++)
            {
                var play = order[i].Block.Plays[order[i].Index];
                if (play.Final)
                {
                    basePlays[cells[i]]++;
                    baseTuneOuts[cells[i]] += play.Audience?.TuneOuts ?? 0;
                    baseMinutes[cells[i]] += play.Audience?.ListenMinutes ?? 0;
                }
            }
        }
        else
        {
            foreach (var ((day, hour), (plays, tuneOuts, minutes)) in baseline)
            {
                (basePlays[(day - 1) * 24 + hour], baseTuneOuts[(day - 1) * 24 + hour], baseMinutes[(day - 1) * 24 + hour]) = (plays, tuneOuts, minutes);
            }
        }

        // Each block's tracks as the report's tracks; whole blocks give their per-day unions.
        var byKey = new Dictionary<string, Track>(blocks.Count == 1 ? blocks[0].TrackKeys.Length : 1024, StringComparer.Ordinal);
        var tracksOf = new Dictionary<PlayBlock, Track[]>(ReferenceEqualityComparer.Instance);
        foreach (var block in blocks)
        {
            var tracks = new Track[block.TrackKeys.Length];
            var whole = windows is null && block.Plays.Length > 0
                && block.Plays[0].Play.StartedAt >= from && block.Plays[^1].Play.StartedAt < to;
            for (var t = 0; t < tracks.Length; t++)
            {
                if (!byKey.TryGetValue(block.TrackKeys[t], out var track))
                {
                    track = new Track(block.TrackKeys[t]);
                    byKey.Add(track.Key, track);
                }

                tracks[t] = track;
                if (whole && block.TrackListeners[t].Length > 0)
                {
                    track.Listeners.Add(block.TrackListeners[t]);
                }
            }

            tracksOf.Add(block, tracks);
        }

        for (var i = 0; i < count; i++)
        {
            var (block, index, whole) = order[i];
            var stored = block.Plays[index];
            if (windows is not null && !Shows.WindowMetrics.Contains(windows, stored.Play.StartedAt.ToUnixTimeSeconds()))
            {
                continue;
            }

            var computed = filled.Count > 0 && filled.TryGetValue(stored.Play.PlayId, out var f) ? f : null;
            var play = computed ?? stored;
            if (play.Audience is not { } audience)
            {
                continue;
            }

            var track = tracksOf[block][block.TrackOf[index]];
            if (computed is not null || !whole || windows is not null)
            {
                track.Listeners.Add(play.Listeners?.Keys ?? []);
            }

            // A baseline cell exists with a play in it (as BaselineOf and BaselineAsync answer them).
            var cellPlays = basePlays[cells[i]];
            double? rate = cellPlays > 0 && baseMinutes[cells[i]] > 0 ? baseTuneOuts[cells[i]] / baseMinutes[cells[i]] : null;

            track.First ??= play;
            track.Latest = play;
            track.Plays++;
            track.TuneIns += audience.TuneIns;
            track.TuneOuts += audience.TuneOuts;
            track.Minutes += audience.ListenMinutes;
            track.Peak = track.Plays == 1 ? audience.PeakListeners : Math.Max(track.Peak, audience.PeakListeners);
            track.BaselinePlays = track.Plays == 1 ? cellPlays : Math.Max(track.BaselinePlays, cellPlays);
            if (rate is > 0)
            {
                track.Expected += audience.ListenMinutes * rate.Value;
                track.RatedTuneOuts += audience.TuneOuts;
            }
        }

        var sortKey = TrackReports.SortKey(sort);
        var rows = new List<(TrackRow Row, string Key, double SortBy)>(byKey.Count);
        foreach (var t in byKey.Values)
        {
            if (t.Plays == 0)
            {
                continue;
            }

            var latest = t.Latest!.Play;
            var row = new TrackRow(latest.Artist, latest.Title, t.Plays, t.Listeners.Count == 0 ? 0 : ListenerSet.CountDistinct(t.Listeners), true, Math.Round(t.Minutes, 4),
                t.TuneIns, t.TuneOuts, t.Peak, t.Expected > 0 ? Math.Round(t.RatedTuneOuts / t.Expected, 4) : null,
                t.BaselinePlays, t.First!.Play.StartedAt, latest.StartedAt);
            rows.Add((row, t.Key, sortKey(row)));
        }

        // Largest first, then by track key: a total order (keys are distinct), so an unstable sort orders as OrderByDescending.ThenBy.
        rows.Sort(static (a, b) => b.SortBy.CompareTo(a.SortBy) is var c and not 0 ? c : string.CompareOrdinal(a.Key, b.Key));
        return [.. rows.Select(r => r.Row)];
    }

    /// <summary>The blocks' plays in [from, to) in the report's order (start, server, mount), each
    /// with its block, its index there and whether its block lies wholly in the range: the first
    /// <c>Count</c> items of a pooled array (the caller returns it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ((PlayBlock Block, int Index, bool Whole)[] Order, int Count) Ordered(IReadOnlyList<PlayBlock> blocks, DateTimeOffset from, DateTimeOffset to)
    {
        var sorted = blocks.Where(b => b.Plays.Length > 0).OrderBy(b => b.Day.Day).ThenBy(b => b.Day.Server, StringComparer.Ordinal)
            .ThenBy(b => b.Day.Mount, StringComparer.Ordinal).ToList();
        var order = ArrayPool<(PlayBlock Block, int Index, bool Whole)>.Shared.Rent(Math.Max(1, sorted.Sum(b => b.Plays.Length)));
        var count = 0;
        for (var i = 0; i < sorted.Count;)
        {
            // The blocks of one UTC day: plays of different days never interleave.
            var end = i + 1;
            while (end < sorted.Count && sorted[end].Day.Day == sorted[i].Day.Day)
            {
                end++;
            }

            var dayStart = count;
            for (var b = i; b < end; b++)
            {
                var block = sorted[b];
                var whole = block.Plays[0].Play.StartedAt >= from && block.Plays[^1].Play.StartedAt < to;
                for (var p = 0; p < block.Plays.Length; p++)
                {
                    var start = block.Plays[p].Play.StartedAt;
                    if (start >= from && start < to)
                    {
                        order[count++] = (block, p, whole);
                    }
                }
            }

            if (end - i > 1)
            {
                order.AsSpan(dayStart, count - dayStart).Sort(static (x, y) =>
                {
                    var a = x.Block.Plays[x.Index].Play;
                    var b = y.Block.Plays[y.Index].Play;
                    var c = a.StartedAt.CompareTo(b.StartedAt);
                    c = c != 0 ? c : string.CompareOrdinal(a.Server, b.Server);
                    return c != 0 ? c : string.CompareOrdinal(a.Mount, b.Mount);
                });
            }

            i = end;
        }

        return (order, count);
    }
}
