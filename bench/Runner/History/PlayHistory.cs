using Asteroid.Tracks;
using Npgsql;

namespace Asteroid.Bench.History;

/// <summary>The plays of the track benchmark: 10,000 back-to-back plays (2.5 to 6 minutes each,
/// scaled to fill the period exactly) on the main mount of the biggest station (station 0, UTC,
/// <c>srv0</c> <c>/st00-0.mp3</c>) over its last 30 days of history, drawn from a catalogue of
/// 1,500 tracks with a Zipf-like rotation (a few in heavy rotation, a long tail), deterministic for
/// a seed. Written as a playlist.log import writes them (<see cref="PlayStore.ImportAsync"/>, source
/// <c>import</c>, idempotent by mount and start), so their audience is computed by the service's
/// own job from the raw sessions.</summary>
public static class PlayHistory
{
    public const int Plays = 10_000;
    public const int Tracks = 1_500;

    public static string Server => BenchNetwork.ServerId(0);

    public static string Mount => BenchNetwork.MountPath(0, 0);

    public static IReadOnlyList<PlayRecord> Generate(int seed, DateTimeOffset from, DateTimeOffset to)
    {
        var random = new Random(seed ^ 0x7A11);
        var lengths = Enumerable.Range(0, Plays).Select(_ => 150 + random.NextDouble() * 210).ToArray();
        var scale = (to - from).TotalSeconds / lengths.Sum();
        var weights = Enumerable.Range(1, Tracks).Select(rank => 1.0 / Math.Pow(rank, 0.8)).ToArray();
        var cumulative = new double[Tracks];
        var sum = 0.0;
        for (var i = 0; i < Tracks; i++)
        {
            cumulative[i] = sum += weights[i];
        }

        var plays = new List<PlayRecord>(Plays);
        var at = from;
        Span<byte> id = stackalloc byte[16];
        for (var i = 0; i < Plays; i++)
        {
            var end = i == Plays - 1 ? to : at.AddSeconds(Math.Round(lengths[i] * scale));
            var pick = Array.BinarySearch(cumulative, random.NextDouble() * sum);
            var track = pick < 0 ? ~pick : pick;
            random.NextBytes(id);
            plays.Add(new PlayRecord(new Guid(id), Server, Mount, at, end, 0, 0, $"Artist {track % 400}", $"Title {track}", $"Album {track % 120}",
                null, null, (int)(end - at).TotalSeconds, PlaySources.Import));
            at = end;
        }

        return plays;
    }

    /// <summary>Imports the plays unless they are there; returns how many were added.</summary>
    public static async Task<int> EnsureAsync(NpgsqlDataSource db, int seed, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var store = new PlayStore(db);
        var added = 0;
        foreach (var chunk in Generate(seed, from, to).Chunk(2_000))
        {
            added += (await store.ImportAsync(chunk, ct)).Inserted;
        }

        return added;
    }
}
