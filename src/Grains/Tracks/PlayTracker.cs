namespace Asteroid.Tracks;

/// <summary>The rules that turn one mount's polled metadata and pushes into plays (no I/O; the
/// <see cref="NowPlayingGrain"/> stores what it returns):
/// <list type="number">
/// <item>A poll whose metadata differs from the current play ends it and starts the next at the
/// midpoint between the last poll that saw the old metadata and this one: the true change lies
/// between them, so the boundary is within ± half that gap (its precision, stored with the play).
/// Without an earlier poll (the first observation) the play starts at the poll with unknown
/// precision: it was already on air.</item>
/// <item>A poll that sees no source ends the current play the same way; so does a source without
/// metadata, unless the play was pushed (push-only automation leaves Icecast's metadata empty).</item>
/// <item>A push is exact: the current play ends where the pushed one starts (its <c>startedAt</c>,
/// or when it was received).</item>
/// <item>Push and poll of one track meet on one play: a push whose track (<see cref="TrackNames.Key"/>)
/// is the current play's and whose start is within <see cref="MergeWindow"/> of it refines that
/// play (exact start, album, ISRC, label; source <c>push</c>), and so does a repeated push (without
/// <c>startedAt</c> it keeps the first push's start); a poll
/// that still shows the previous track shortly after a push started the next one (Icecast's
/// metadata lags the automation system) is ignored.</item>
/// <item>Starts never go back before the previous play's start, and a push never starts in the
/// future (a start after the receipt is taken as the receipt).</item>
/// </list></summary>
public sealed class PlayTracker(string server, string mount, Func<Guid> newId)
{
    private DateTimeOffset? _lastPollAt;

    public PlayRecord? Current { get; private set; }

    public PlayRecord? Previous { get; private set; }

    /// <summary>How far apart a push and a poll of one track may be and still be one play: two
    /// polls and ten seconds.</summary>
    public static TimeSpan MergeWindow(TimeSpan pollInterval) => pollInterval * 2 + TimeSpan.FromSeconds(10);

    /// <summary>Continues from what was stored: the open play (if any) and the one before.</summary>
    public void Restore(PlayRecord? current, PlayRecord? previous)
    {
        Current = current;
        Previous = previous;
        _lastPollAt = null;
    }

    public PlayChanges OnPoll(PolledTrack? track, DateTimeOffset at, TimeSpan pollInterval)
    {
        var (artist, title) = track is null ? (null, null) : TrackNames.Split(track.Artist, track.Title);
        var last = _lastPollAt;
        if (last is { } l && at <= l)
        {
            return PlayChanges.None; // an older poll overtaken by a newer one
        }

        _lastPollAt = at;
        if (title is null)
        {
            // No source: nothing plays. A source without metadata ends a polled play, not a pushed
            // one (an automation system may push without updating Icecast's metadata).
            return Current is null || (track is not null && Current.Source == PlaySources.Push)
                ? PlayChanges.None
                : new PlayChanges([End(Boundary(last, at), last is null ? null : Precision(last, at))], null);
        }

        var key = TrackNames.Key(artist, title);
        if (Current is { } current && Matches(current, key))
        {
            return PlayChanges.None;
        }

        if (Current is { Source: PlaySources.Push } pushed && Previous is { } previous && Matches(previous, key)
            && at - pushed.StartedAt <= MergeWindow(pollInterval))
        {
            return PlayChanges.None; // Icecast still shows the track the push just ended
        }

        var boundary = Boundary(last, at);
        var precision = last is null ? (int?)null : Precision(last, at);
        var saved = new List<PlayRecord>(2);
        if (Current is not null)
        {
            saved.Add(End(boundary, precision));
            boundary = saved[0].EndedAt!.Value;
        }

        var started = new PlayRecord(newId(), server, mount, boundary, null, precision, null, artist, title, null, null, null, null, PlaySources.Poll);
        Current = started;
        saved.Add(started);
        return new PlayChanges(saved, started);
    }

    public PlayChanges OnPush(TrackPush push, DateTimeOffset receivedAt, TimeSpan pollInterval)
    {
        var title = TrackNames.Clean(push.Title) ?? throw new ArgumentException("a push has a title", nameof(push));
        var artist = TrackNames.Clean(push.Artist);
        var start = Microseconds(push.StartedAt is { } s && s <= receivedAt ? s : receivedAt);
        var key = TrackNames.Key(artist, title);
        var window = MergeWindow(pollInterval);
        if (Current is { } current && Matches(current, key) && (start - current.StartedAt).Duration() <= window)
        {
            if (current.Source == PlaySources.Push && push.StartedAt is null)
            {
                start = current.StartedAt; // a repeated push without a time: the first one's start stands
            }

            var saved = new List<PlayRecord>(2);
            if (Previous is { EndedAt: { } previousEnd } previous && previousEnd == current.StartedAt)
            {
                if (start <= previous.StartedAt)
                {
                    start = current.StartedAt; // cannot start before the play it follows
                }
                else if (start != previousEnd)
                {
                    Previous = previous with { EndedAt = start, EndPrecisionSeconds = 0 };
                    saved.Add(Previous);
                }
            }

            Current = current with
            {
                StartedAt = start,
                StartPrecisionSeconds = start == current.StartedAt ? current.StartPrecisionSeconds : 0,
                Artist = artist,
                Title = title,
                Album = TrackNames.Clean(push.Album) ?? current.Album,
                Isrc = TrackNames.Clean(push.Isrc) ?? current.Isrc,
                Label = TrackNames.Clean(push.Label) ?? current.Label,
                DurationSeconds = push.DurationSeconds ?? current.DurationSeconds,
                Source = PlaySources.Push,
            };
            saved.Add(Current);
            return new PlayChanges(saved, null);
        }

        var changes = new List<PlayRecord>(2);
        if (Current is { } ending)
        {
            if (start < ending.StartedAt)
            {
                start = ending.StartedAt;
            }

            changes.Add(End(start, 0));
        }

        var started = new PlayRecord(newId(), server, mount, start, null, 0, null, artist, title,
            TrackNames.Clean(push.Album), TrackNames.Clean(push.Isrc), TrackNames.Clean(push.Label), push.DurationSeconds, PlaySources.Push);
        Current = started;
        changes.Add(started);
        return new PlayChanges(changes, started);
    }

    private PlayRecord End(DateTimeOffset at, int? precision)
    {
        var current = Current!;
        var end = at < current.StartedAt ? current.StartedAt : at;
        Previous = current with { EndedAt = end, EndPrecisionSeconds = precision };
        Current = null;
        return Previous;
    }

    private static bool Matches(PlayRecord play, string key) => play.TrackKey == key || TrackNames.Normalize(play.Title) == key;

    private static DateTimeOffset Boundary(DateTimeOffset? last, DateTimeOffset at) => Microseconds(last is { } l ? l + (at - l) / 2 : at);

    /// <summary>Times are kept to the microsecond, as PostgreSQL stores them: what is announced is what is stored.</summary>
    private static DateTimeOffset Microseconds(DateTimeOffset t) => new(t.UtcTicks - (t.UtcTicks % 10), TimeSpan.Zero);

    private static int Precision(DateTimeOffset? last, DateTimeOffset at) => last is { } l ? (int)Math.Ceiling((at - l).TotalSeconds / 2) : 0;
}

/// <summary>The plays to store (ended or changed, and the one started) and the new play, if one
/// started (announced as a track change).</summary>
public sealed record class PlayChanges(IReadOnlyList<PlayRecord> Saved, PlayRecord? Started)
{
    public static PlayChanges None { get; } = new([], null);
}
