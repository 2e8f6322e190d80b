using Asteroid.Analytics;

namespace Asteroid.Tracks;

/// <summary>One mount's stored plays of one UTC day as <see cref="StoredPlayCache"/> keeps them,
/// with their tracks grouped once when the day is loaded: each play's track (an index into
/// <see cref="TrackKeys"/>, <see cref="TrackNames.Key"/> computed once per play, not per request) and,
/// per track, the union of the listener sets of its plays with a stored audience — so a report over
/// whole days unions a few per-day sets per track instead of every play's. Immutable once built:
/// shared by concurrent requests.</summary>
public sealed class PlayBlock
{
    public PlayBlock(PlayDay day, IReadOnlyList<StoredPlay> plays)
    {
        Day = day;
        // One mount's plays: start alone orders them (a mount has one play per start).
        Plays = [.. plays.OrderBy(p => p.Play.StartedAt)];
        TrackOf = new int[Plays.Length];
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var keys = new List<string>();
        var sets = new List<List<ulong[]>>();
        for (var i = 0; i < Plays.Length; i++)
        {
            var key = Plays[i].Play.TrackKey;
            if (!index.TryGetValue(key, out var track))
            {
                track = keys.Count;
                index.Add(key, track);
                keys.Add(key);
                sets.Add([]);
            }

            TrackOf[i] = track;
            if (Plays[i] is { Audience: not null, Listeners: { IsEmpty: false } listeners })
            {
                sets[track].Add(listeners.Keys);
            }
        }

        TrackKeys = [.. keys];
        TrackListeners = [.. sets.Select(ListenerSet.SortedUnion)];
    }

    public PlayDay Day { get; }

    /// <summary>The plays, oldest first.</summary>
    public StoredPlay[] Plays { get; }

    /// <summary>Per play, its track (index into <see cref="TrackKeys"/>).</summary>
    public int[] TrackOf { get; }

    /// <summary>The day's distinct track keys.</summary>
    public string[] TrackKeys { get; }

    /// <summary>Per track, the sorted distinct listener hashes of its plays that have a stored
    /// audience (the union a report over the whole day needs).</summary>
    public ulong[][] TrackListeners { get; }

    /// <summary>Bytes the block holds, roughly: the records and their strings, the audiences, the sets' keys, the per-track unions.</summary>
    public long Bytes =>
        64 + Plays.Sum(p => 320L + 2L * ((p.Play.Artist?.Length ?? 0) + p.Play.Title.Length + (p.Play.Album?.Length ?? 0))
            + (p.Audience is null ? 0 : 64) + 8 * (p.Listeners?.Count ?? 0))
        + TrackKeys.Sum(k => 48L + 2 * k.Length) + TrackListeners.Sum(l => 32L + 8 * l.Length);
}
