namespace Asteroid.Tracks;

/// <summary>What plays on one mount (key: <c>MountKey</c>, <c>{server}{mount}</c>): turns polled
/// metadata and pushes into plays, stores them and announces each change.</summary>
[Alias("asteroid.now-playing")]
public interface INowPlayingGrain : IGrainWithStringKey
{
    /// <summary>A poll of <c>/admin/stats</c> at <paramref name="at"/> saw this metadata on the
    /// mount's source; null: the source is not live. <paramref name="pollInterval"/> bounds how long
    /// a push and a poll of one track can be apart and still be one play.</summary>
    [Alias("observe-poll")]
    Task ObservePoll(PolledTrack? track, DateTimeOffset at, TimeSpan pollInterval);

    /// <summary>An automation system says this track starts (exact); returns the play it is now.</summary>
    [Alias("push")]
    Task<PlayRecord> Push(TrackPush push, DateTimeOffset receivedAt, TimeSpan pollInterval);

    [AlwaysInterleave, Alias("get-current")]
    Task<PlayRecord?> GetCurrent();
}
