using Asteroid.Tracks;

namespace Asteroid.Tests.Tracks;

public sealed class PlayTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(10);

    private static PlayTracker Tracker() => new("main", "/live.mp3", Guid.NewGuid);

    private static DateTimeOffset At(double seconds) => T0.AddSeconds(seconds);

    private static PolledTrack Shows(string title, string? artist = null) => new(artist, title);

    [Fact]
    public void A_polled_change_ends_the_play_and_starts_the_next_at_the_midpoint_of_the_polls_around_it()
    {
        var tracker = Tracker();
        var first = tracker.OnPoll(Shows("Artist A - Song A"), At(0), Poll);
        Assert.Equal(PlayChanges.None, tracker.OnPoll(Shows("Artist A - Song A"), At(10), Poll));
        var change = tracker.OnPoll(Shows("Artist B - Song B"), At(20), Poll);

        var a = first.Started!;
        Assert.Equal((At(0), (int?)null, "Artist A", "Song A"), (a.StartedAt, a.StartPrecisionSeconds, a.Artist, a.Title)); // already on air
        Assert.Equal(2, change.Saved.Count);
        Assert.Equal((a.PlayId, At(15), (int?)5), (change.Saved[0].PlayId, change.Saved[0].EndedAt, change.Saved[0].EndPrecisionSeconds));
        Assert.Equal((At(15), (int?)5, PlaySources.Poll), (change.Started!.StartedAt, change.Started.StartPrecisionSeconds, change.Started.Source));
    }

    [Fact]
    public void Separate_artist_and_title_and_their_joined_form_are_one_track_whatever_the_case_and_spaces()
    {
        var tracker = Tracker();
        tracker.OnPoll(Shows("Song", "The  Band"), At(0), Poll);

        Assert.Equal(PlayChanges.None, tracker.OnPoll(Shows("the band - SONG "), At(10), Poll));
    }

    [Fact]
    public void A_source_that_goes_away_or_sends_no_metadata_ends_the_play()
    {
        var tracker = Tracker();
        tracker.OnPoll(Shows("A - 1"), At(0), Poll);
        var gone = tracker.OnPoll(null, At(10), Poll);

        Assert.Equal(At(5), gone.Saved.Single().EndedAt);
        Assert.Null(tracker.Current);
        Assert.Equal(At(15), tracker.OnPoll(Shows("A - 2"), At(20), Poll).Started!.StartedAt);
        Assert.Equal(At(25), tracker.OnPoll(Shows(""), At(30), Poll).Saved.Single().EndedAt);
    }

    [Fact]
    public void A_push_is_exact_and_a_lagging_poll_of_the_previous_track_does_not_bring_it_back()
    {
        var tracker = Tracker();
        tracker.OnPoll(Shows("A - 1"), At(0), Poll);
        var pushed = tracker.OnPush(new TrackPush("/live.mp3", "B", "2", "Album", "ISRC1", "Label", 180, At(12)), At(12.5), Poll);

        Assert.Equal(At(12), pushed.Saved[0].EndedAt);
        Assert.Equal((At(12), (int?)0, PlaySources.Push, "Album", "ISRC1"), (pushed.Started!.StartedAt, pushed.Started.StartPrecisionSeconds,
            pushed.Started.Source, pushed.Started.Album, pushed.Started.Isrc));
        Assert.Equal(PlayChanges.None, tracker.OnPoll(Shows("A - 1"), At(20), Poll)); // Icecast still shows the old title
        Assert.Equal(PlayChanges.None, tracker.OnPoll(Shows("B - 2"), At(30), Poll)); // now it shows the pushed one
        Assert.Equal(pushed.Started.PlayId, tracker.Current!.PlayId);
    }

    [Fact]
    public void A_push_after_the_poll_saw_the_track_refines_that_play_instead_of_starting_another()
    {
        var tracker = Tracker();
        var a = tracker.OnPoll(Shows("A - 1"), At(0), Poll).Started!;
        tracker.OnPoll(Shows("A - 1"), At(10), Poll);
        var polled = tracker.OnPoll(Shows("B - 2"), At(20), Poll).Started!;
        var merged = tracker.OnPush(new TrackPush("/live.mp3", "b", "2", null, "ISRC2", null, null, At(13)), At(21), Poll);

        Assert.Null(merged.Started); // no new play
        Assert.Equal(2, merged.Saved.Count);
        Assert.Equal((a.PlayId, At(13), (int?)0), (merged.Saved[0].PlayId, merged.Saved[0].EndedAt, merged.Saved[0].EndPrecisionSeconds));
        var b = merged.Saved[1];
        Assert.Equal((polled.PlayId, At(13), (int?)0, PlaySources.Push, "ISRC2"), (b.PlayId, b.StartedAt, b.StartPrecisionSeconds, b.Source, b.Isrc));
    }

    [Fact]
    public void A_repeated_push_is_the_same_play_and_a_later_replay_is_a_new_one()
    {
        var tracker = Tracker();
        var first = tracker.OnPush(new TrackPush("/live.mp3", "A", "1", null, null, null, null, null), At(0), Poll).Started!;

        Assert.Null(tracker.OnPush(new TrackPush("/live.mp3", "A", "1", null, null, null, null, null), At(2), Poll).Started);
        Assert.Equal(first.PlayId, tracker.Current!.PlayId);
        Assert.Equal(At(0), tracker.Current.StartedAt);

        var replay = tracker.OnPush(new TrackPush("/live.mp3", "A", "1", null, null, null, null, null), At(300), Poll);
        Assert.NotNull(replay.Started);
        Assert.Equal(At(300), replay.Saved[0].EndedAt);
    }

    [Fact]
    public void A_push_never_starts_in_the_future_nor_before_the_play_it_ends()
    {
        var tracker = Tracker();
        tracker.OnPush(new TrackPush("/live.mp3", "A", "1", null, null, null, null, null), At(100), Poll);

        Assert.Equal(At(100), tracker.OnPush(new TrackPush("/live.mp3", "B", "2", null, null, null, null, At(50)), At(120), Poll).Started!.StartedAt);
        Assert.Equal(At(130), tracker.OnPush(new TrackPush("/live.mp3", "C", "3", null, null, null, null, At(999)), At(130), Poll).Started!.StartedAt);
    }

    [Fact]
    public void A_pushed_play_survives_polls_of_a_source_without_metadata_but_not_the_source_going_away()
    {
        var tracker = Tracker();
        var pushed = tracker.OnPush(new TrackPush("/live.mp3", "A", "1", null, null, null, null, null), At(0), Poll).Started!;

        Assert.Equal(PlayChanges.None, tracker.OnPoll(Shows(""), At(10), Poll));
        Assert.Equal(pushed.PlayId, tracker.Current!.PlayId);
        Assert.Equal(At(15), tracker.OnPoll(null, At(20), Poll).Saved.Single().EndedAt);
    }

    [Fact]
    public void A_live_dj_after_the_automation_is_followed_by_the_polls()
    {
        var tracker = Tracker();
        tracker.OnPush(new TrackPush("/live.mp3", "A", "1", null, null, null, null, null), At(0), Poll);
        tracker.OnPoll(Shows("A - 1"), At(5), Poll);
        var dj = tracker.OnPoll(Shows("DJ Set - Live"), At(15), Poll);

        Assert.Equal((At(10), "DJ Set", PlaySources.Poll), (dj.Started!.StartedAt, dj.Started.Artist, dj.Started.Source));
    }
}
