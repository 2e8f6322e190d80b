using System.Net;
using Asteroid.Icecast;
using Asteroid.Mounts;
using Asteroid.Sessions;
using Asteroid.Tests.Support;

namespace Asteroid.Tests.Sessions;

public sealed class SessionTrackerTests
{
    private static readonly DateTimeOffset ServerStart = new(2026, 11, 23, 0, 35, 15, TimeSpan.Zero);
    private static readonly DateTimeOffset T0 = ServerStart.AddMinutes(10);
    private readonly SessionTracker _tracker = new("main", "/live.mp3", TestEnricher.Create());

    // Confirmed later than every poll below, so new clients open sessions at once.
    public SessionTrackerTests() => _tracker.OnServerStart(ServerStart, T0, T0.AddHours(1));

    [Fact]
    public void A_new_client_starts_at_poll_time_minus_connected_with_a_deterministic_id()
    {
        var changes = _tracker.OnPoll([Listener(23, connected: 24)], T0);

        var session = Assert.Single(changes.Started);
        Assert.Equal(T0.AddSeconds(-24), session.StartedAt);
        Assert.Equal(SessionKey.Id("main|" + ServerStart.ToUnixTimeSeconds() + "|23"), session.SessionId);
        Assert.Equal(SessionSources.Poll, session.Source);
        Assert.Equal("GB", session.Profile.CountryCode);
        Assert.Empty(changes.Ended);
    }

    [Fact]
    public void A_client_seen_again_changes_nothing_and_a_gone_one_ends_between_last_seen_and_first_absent()
    {
        _tracker.OnPoll([Listener(23, 0), Listener(24, 0)], T0);
        Assert.True(_tracker.OnPoll([Listener(23, 10), Listener(24, 10)], T0.AddSeconds(10)).IsEmpty);

        var changes = _tracker.OnPoll([Listener(23, 20)], T0.AddSeconds(20));

        var (session, end) = Assert.Single(changes.Ended);
        Assert.Equal(24, session.ClientId);
        Assert.Equal(T0.AddSeconds(15), end.EndedAt);
        Assert.Equal(5, end.PrecisionSeconds);
        Assert.Empty(changes.Started);
        Assert.Equal(1, _tracker.Count);
    }

    [Fact]
    public void A_gone_source_ends_every_session()
    {
        _tracker.OnPoll([Listener(23, 0), Listener(24, 0)], T0);

        var changes = _tracker.OnSourceGone(T0.AddSeconds(10));

        Assert.Equal(2, changes.Ended.Count);
        Assert.Equal(0, _tracker.Count);
    }

    [Fact]
    public void An_icecast_restart_ends_the_old_sessions_and_new_ids_start_new_ones()
    {
        _tracker.OnPoll([Listener(23, 0)], T0);
        var restart = T0.AddSeconds(30);

        var closed = _tracker.OnServerStart(restart, restart.AddSeconds(5), restart.AddSeconds(5));
        var reopened = _tracker.OnPoll([Listener(2, 3)], restart.AddSeconds(5));

        var (_, end) = Assert.Single(closed.Ended);
        Assert.Equal(T0.AddSeconds(15), end.EndedAt); // between last seen and the new process start
        var fresh = Assert.Single(reopened.Started);
        Assert.Equal(restart, fresh.ServerStart);
        Assert.NotEqual(SessionKey.Id("main|" + ServerStart.ToUnixTimeSeconds() + "|2"), fresh.SessionId);
    }

    [Fact]
    public void Hook_add_then_poll_then_hook_remove_is_one_session_with_the_exact_duration()
    {
        var profile = TestEnricher.Create().Enrich(IPAddress.Parse("81.2.69.142"), "VLC/3.0.18 LibVLC/3.0.18");
        var added = _tracker.OnHookAdd(185, profile, T0);
        Assert.True(_tracker.OnPoll([Listener(185, 3)], T0.AddSeconds(3)).IsEmpty);

        var removed = _tracker.OnHookRemove(185, profile, 10, T0.AddSeconds(10));
        var stalePoll = _tracker.OnPoll([Listener(185, 11)], T0.AddSeconds(11));

        Assert.Equal(SessionSources.Hook, Assert.Single(added.Started).Source);
        var (session, end) = Assert.Single(removed.Ended);
        Assert.Equal(185, session.ClientId);
        Assert.Equal(T0.AddSeconds(10), end.EndedAt);
        Assert.Equal(T0, end.ExactStart);
        Assert.True(stalePoll.IsEmpty); // a poll answered before the remove must not reopen it
    }

    [Fact]
    public void Hooks_before_the_server_start_is_known_are_held_and_applied_when_it_is()
    {
        var tracker = new SessionTracker("main", "/live.mp3", TestEnricher.Create());
        var profile = TestEnricher.Create().Enrich(IPAddress.Parse("81.2.69.142"), "VLC/3.0.18 LibVLC/3.0.18");

        var added = tracker.OnHookAdd(185, profile, T0);
        var removed = tracker.OnHookRemove(190, profile, 4, T0.AddSeconds(5));
        Assert.True(added.HookHeld && removed.HookHeld && added.IsEmpty && removed.IsEmpty);
        Assert.Equal(2, tracker.HeldHookCount);

        var known = tracker.OnServerStart(ServerStart, T0.AddSeconds(6), T0.AddSeconds(6));

        Assert.Equal(0, tracker.HeldHookCount);
        Assert.Equal([185L, 190L], known.Started.Select(s => s.ClientId).Order());
        Assert.All(known.Started, s => Assert.Equal(SessionKey.Id($"main|{ServerStart.ToUnixTimeSeconds()}|{s.ClientId}"), s.SessionId));
        var (session, end) = Assert.Single(known.Ended);
        Assert.Equal(190, session.ClientId);
        Assert.Equal(T0.AddSeconds(1), session.StartedAt); // Icecast's exact duration
        Assert.Equal(T0.AddSeconds(5), end.EndedAt);
        Assert.Equal(1, tracker.Count); // 185 is open, as if its add had come after the start
    }

    [Fact]
    public void Held_hooks_from_before_a_restart_are_keyed_apart_from_the_new_process_and_end_by_the_restart()
    {
        var tracker = new SessionTracker("main", "/live.mp3", TestEnricher.Create());
        var profile = TestEnricher.Create().Enrich(IPAddress.Parse("81.2.69.142"), "VLC/3.0.18 LibVLC/3.0.18");
        tracker.OnHookAdd(2, profile, T0);                          // old process, never removed
        tracker.OnHookAdd(3, profile, T0.AddSeconds(1));            // old process, removed below
        tracker.OnHookRemove(3, profile, 9, T0.AddSeconds(10));
        var restart = T0.AddSeconds(20);
        tracker.OnHookAdd(2, profile, restart.AddSeconds(5));       // the new process's client 2

        var known = tracker.OnServerStart(restart, restart.AddSeconds(6), restart.AddSeconds(6));

        Assert.Equal(3, known.Started.Count);
        Assert.Equal(3, known.Started.Select(s => s.SessionId).Distinct().Count());
        var fresh = Assert.Single(known.Started, s => s.StartedAt == restart.AddSeconds(5));
        Assert.Equal(SessionKey.Id($"main|{restart.ToUnixTimeSeconds()}|2"), fresh.SessionId);
        var old = Assert.Single(known.Ended, e => e.Session.ClientId == 2);
        Assert.Equal(T0.AddSeconds(10), old.End.EndedAt);            // between its add and the restart
        Assert.Equal(10, old.End.PrecisionSeconds);
        var removed = Assert.Single(known.Ended, e => e.Session.ClientId == 3);
        Assert.Equal((T0.AddSeconds(1), T0.AddSeconds(10)), (removed.Session.StartedAt, removed.End.EndedAt));
        Assert.Equal(1, tracker.Count);
    }

    [Fact]
    public void At_most_MaxHeldHooks_wait_for_the_server_start_and_the_next_one_is_dropped_and_said_so()
    {
        var tracker = new SessionTracker("main", "/live.mp3", TestEnricher.Create());
        var profile = TestEnricher.Create().Enrich(IPAddress.Parse("81.2.69.142"), "VLC/3.0.18 LibVLC/3.0.18");
        for (var i = 0; i < SessionTracker.MaxHeldHooks; i++)
        {
            Assert.True(tracker.OnHookRemove(i, profile, 1, T0.AddSeconds(2)).HookHeld);
        }

        var over = tracker.OnHookRemove(SessionTracker.MaxHeldHooks, profile, 1, T0.AddSeconds(2));

        Assert.True(over.HookDropped);
        Assert.False(over.HookHeld);
        Assert.Equal(SessionTracker.MaxHeldHooks, tracker.HeldHookCount);
        Assert.Equal(SessionTracker.MaxHeldHooks, tracker.OnServerStart(ServerStart, T0.AddSeconds(3), T0.AddSeconds(3)).Ended.Count);
    }

    [Fact]
    public void A_hooks_referrer_for_a_session_a_poll_opened_is_reported_for_the_open_row_and_ends_with_the_session()
    {
        Assert.Single(_tracker.OnPoll([Listener(186, 3)], T0).Started); // Icecast 2.4 lists no referrer
        var profile = TestEnricher.Create().Enrich(IPAddress.Parse("81.2.69.142"), "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0",
            "https://www.player.example/listen");

        var hooked = _tracker.OnHookAdd(186, profile, T0.AddSeconds(1));
        var again = _tracker.OnHookAdd(186, profile, T0.AddSeconds(2));
        var removed = _tracker.OnHookRemove(186, profile, 10, T0.AddSeconds(10));

        Assert.Empty(hooked.Started);
        var updated = Assert.Single(hooked.SourcesUpdated);
        Assert.Equal(("player.example", "web"), (updated.Profile.ReferrerHost, updated.Profile.PlayerKind));
        Assert.Empty(again.SourcesUpdated); // known already: nothing more to store
        Assert.Equal("player.example", Assert.Single(removed.Ended).Session.Profile.ReferrerHost);
    }

    [Fact]
    public void On_a_mount_with_remove_hooks_a_remove_that_comes_after_the_poll_missed_the_client_still_ends_it_exactly()
    {
        var profile = TestEnricher.Create().Enrich(IPAddress.Parse("81.2.69.142"), "Winamp/5.9");
        _tracker.ExpectRemoveHooks(T0);
        _tracker.OnPoll([Listener(71, 5)], T0);

        var missed = _tracker.OnPoll([], T0.AddSeconds(1)); // Icecast drops the client before it posts the remove
        var waiting = _tracker.AwaitingRemoveCount;
        var removed = _tracker.OnHookRemove(71, profile, 6, T0.AddSeconds(2));
        var later = _tracker.OnPoll([], T0.AddSeconds(20));

        Assert.True(missed.IsEmpty);
        Assert.Equal(1, waiting);
        var (session, end) = Assert.Single(removed.Ended);
        Assert.Equal(71, session.ClientId);
        Assert.Equal(SessionSources.Hook, end.Source);
        Assert.Equal(T0.AddSeconds(2), end.EndedAt);
        Assert.Equal(T0.AddSeconds(-4), end.ExactStart);
        Assert.Empty(removed.Started);
        Assert.True(later.IsEmpty);
        Assert.Equal(0, _tracker.AwaitingRemoveCount);
    }

    [Fact]
    public void Without_its_remove_a_client_gone_from_the_poll_ends_after_the_grace_at_the_poll_estimate()
    {
        _tracker.ExpectRemoveHooks(T0);
        _tracker.OnPoll([Listener(71, 5)], T0);
        Assert.True(_tracker.OnPoll([], T0.AddSeconds(10)).IsEmpty);
        Assert.Equal(1, _tracker.AwaitingRemoveCount);

        var changes = _tracker.OnPoll([], T0.AddSeconds(10) + SessionTracker.RemoveHookGrace);

        var (session, end) = Assert.Single(changes.Ended);
        Assert.Equal(71, session.ClientId);
        Assert.Equal(SessionSources.Poll, end.Source);
        Assert.Equal(T0.AddSeconds(5), end.EndedAt); // between the last poll that saw it and the first that did not
        Assert.Equal(5, end.PrecisionSeconds);
        Assert.Equal(0, _tracker.AwaitingRemoveCount);
    }

    [Fact]
    public void A_remove_hook_teaches_the_mount_to_wait_for_the_next_ones_and_a_gone_source_ends_who_still_waits()
    {
        var profile = TestEnricher.Create().Enrich(IPAddress.Parse("81.2.69.142"), "Winamp/5.9");
        _tracker.OnPoll([Listener(71, 0), Listener(72, 0)], T0);
        Assert.Single(_tracker.OnHookRemove(71, profile, 3, T0.AddSeconds(3)).Ended);

        Assert.True(_tracker.OnPoll([], T0.AddSeconds(10)).IsEmpty); // 72 now waits for its remove
        var gone = _tracker.OnSourceGone(T0.AddSeconds(12));

        var (session, end) = Assert.Single(gone.Ended);
        Assert.Equal(72, session.ClientId);
        Assert.Equal(T0.AddSeconds(5), end.EndedAt);
        Assert.Equal(0, _tracker.AwaitingRemoveCount);
    }

    [Fact]
    public void A_client_waiting_for_its_remove_is_not_adopted_back_as_open()
    {
        var profile = TestEnricher.Create().Enrich(IPAddress.Parse("81.2.69.142"), "Winamp/5.9");
        _tracker.ExpectRemoveHooks(T0);
        var started = Assert.Single(_tracker.OnPoll([Listener(71, 5)], T0).Started);
        _tracker.OnPoll([], T0.AddSeconds(10));

        Assert.Equal(0, _tracker.Adopt([started])); // the keep-alive reloads open_sessions, which still lists it
        var removed = _tracker.OnHookRemove(71, profile, 12, T0.AddSeconds(11));

        Assert.Single(removed.Ended);
        Assert.Equal(0, _tracker.Count);
        Assert.True(_tracker.OnPoll([], T0.AddSeconds(30)).IsEmpty); // ended once
    }

    [Fact]
    public void Remove_hooks_are_expected_only_for_a_while_after_icecast_last_said_so()
    {
        _tracker.ExpectRemoveHooks(T0);
        var at = T0 + SessionTracker.RemoveHooksExpected;
        _tracker.OnPoll([Listener(71, 0)], at);

        var changes = _tracker.OnPoll([], at.AddSeconds(10));

        Assert.Equal(71, Assert.Single(changes.Ended).Session.ClientId);
    }

    [Fact]
    public void A_remove_for_a_connection_never_seen_starts_and_ends_it()
    {
        var profile = TestEnricher.Create().Enrich(IPAddress.Parse("2.125.160.216"), "iTunes/12.12");

        var changes = _tracker.OnHookRemove(198, profile, 3, T0);

        var started = Assert.Single(changes.Started);
        Assert.Equal(T0.AddSeconds(-3), started.StartedAt);
        Assert.Equal(started.SessionId, Assert.Single(changes.Ended).Session.SessionId);
        Assert.True(_tracker.OnHookRemove(198, profile, 3, T0.AddSeconds(1)).IsEmpty); // a replayed remove adds nothing
    }

    [Fact]
    public void Restored_sessions_continue_when_still_listed_and_end_at_the_best_estimate_when_not()
    {
        var before = new SessionTracker("main", "/live.mp3", TestEnricher.Create());
        before.OnServerStart(ServerStart, T0, T0.AddHours(1));
        before.OnPoll([Listener(23, 100), Listener(24, 100)], T0);
        var lastAlive = T0.AddSeconds(50);

        var after = new SessionTracker("main", "/live.mp3", TestEnricher.Create());
        after.Restore(before.Open, lastAlive);
        after.OnServerStart(ServerStart, T0.AddMinutes(5), T0.AddHours(1));
        var changes = after.OnPoll([Listener(23, 400)], T0.AddSeconds(300));

        var reattached = Assert.Single(changes.Started);
        Assert.Equal(before.Open.First(s => s.ClientId == 23), reattached); // same id, same start
        var (ended, end) = Assert.Single(changes.Ended);
        Assert.Equal(24, ended.ClientId);
        Assert.Equal(lastAlive.AddSeconds(125), end.EndedAt);
        Assert.Equal(125, end.PrecisionSeconds);
        Assert.True(after.OnPoll([Listener(23, 410)], T0.AddSeconds(310)).IsEmpty);
    }

    [Fact]
    public void A_client_that_connected_after_the_last_server_start_check_waits_for_the_next_one_with_the_same_start()
    {
        var tracker = new SessionTracker("main", "/live.mp3", TestEnricher.Create());
        tracker.OnServerStart(ServerStart, T0, confirmedAt: T0);

        var early = tracker.OnPoll([Listener(7, 5)], T0.AddSeconds(10));      // connected at T0+5, after the check
        Assert.True(early.IsEmpty); // could be a restarted Icecast's client, keyed with a start not yet seen
        Assert.Equal(1, tracker.PendingCount);

        var confirmed = tracker.OnServerStart(ServerStart, T0.AddSeconds(12), confirmedAt: T0.AddSeconds(12));

        var session = Assert.Single(confirmed.Started);
        Assert.Equal(T0.AddSeconds(5), session.StartedAt);
        Assert.Equal(SessionKey.Id("main|" + ServerStart.ToUnixTimeSeconds() + "|7"), session.SessionId);
        Assert.Empty(confirmed.Ended);
        Assert.True(tracker.OnPoll([Listener(7, 15)], T0.AddSeconds(20)).IsEmpty); // now an ordinary open session
    }

    [Fact]
    public void A_pending_client_that_left_before_the_confirmation_is_still_a_session_started_and_ended()
    {
        var tracker = new SessionTracker("main", "/live.mp3", TestEnricher.Create());
        tracker.OnServerStart(ServerStart, T0, confirmedAt: T0);
        tracker.OnPoll([Listener(7, 5)], T0.AddSeconds(10));   // seen once, unconfirmed
        tracker.OnPoll([], T0.AddSeconds(20));                 // gone

        var confirmed = tracker.OnServerStart(ServerStart, T0.AddSeconds(22), confirmedAt: T0.AddSeconds(22));

        var started = Assert.Single(confirmed.Started);
        var (ended, end) = Assert.Single(confirmed.Ended);
        Assert.Equal(started.SessionId, ended.SessionId);
        Assert.Equal(T0.AddSeconds(15), end.EndedAt); // between last seen (T0+10) and first absent (T0+20)
        Assert.Equal(5, end.PrecisionSeconds);
        Assert.Equal(0, tracker.PendingCount);
        Assert.Equal(0, tracker.Count);
    }

    [Fact]
    public void After_a_restart_pending_clients_are_keyed_with_the_process_they_connected_to()
    {
        var tracker = new SessionTracker("main", "/live.mp3", TestEnricher.Create());
        tracker.OnServerStart(ServerStart, T0, confirmedAt: T0);
        var restart = T0.AddSeconds(30);
        tracker.OnPoll([Listener(7, 10)], T0.AddSeconds(20));                      // old process, connected T0+10
        tracker.OnPoll([Listener(1, 5)], restart.AddSeconds(10));                  // new process, connected restart+5, ID 1 again

        var confirmed = tracker.OnServerStart(restart, restart.AddSeconds(12), confirmedAt: restart.AddSeconds(12));

        var old = Assert.Single(confirmed.Started, s => s.ClientId == 7);
        Assert.Equal(ServerStart, old.ServerStart);
        var (_, oldEnd) = Assert.Single(confirmed.Ended, e => e.Session.ClientId == 7);
        Assert.True(oldEnd.EndedAt <= restart);
        var fresh = Assert.Single(confirmed.Started, s => s.ClientId == 1);
        Assert.Equal(restart, fresh.ServerStart);
        Assert.Equal(restart.AddSeconds(5), fresh.StartedAt);
        Assert.Equal(1, tracker.Count); // the new process's client stays open
    }

    [Fact]
    public void A_cached_server_start_confirms_nothing_new()
    {
        var tracker = new SessionTracker("main", "/live.mp3", TestEnricher.Create());
        tracker.OnServerStart(ServerStart, T0);

        Assert.True(tracker.OnPoll([Listener(7, 5)], T0.AddSeconds(10)).IsEmpty);
    }

    [Fact]
    public void Stored_open_sessions_it_does_not_know_are_adopted_and_closed_by_the_next_poll()
    {
        var other = new SessionTracker("main", "/live.mp3", TestEnricher.Create());
        other.OnServerStart(ServerStart, T0, T0.AddHours(1));
        var orphan = other.OnPoll([Listener(44, 0)], T0).Started.Single();
        _tracker.OnPoll([Listener(23, 0)], T0);

        Assert.Equal(1, _tracker.Adopt([orphan, _tracker.Open.Single()]));
        var changes = _tracker.OnPoll([Listener(23, 10)], T0.AddSeconds(10));

        Assert.Equal(orphan.SessionId, Assert.Single(changes.Ended).Session.SessionId);
        Assert.Equal(0, _tracker.Adopt([]));
    }

    [Fact]
    public void Without_a_server_start_polls_count_but_start_no_session()
    {
        var tracker = new SessionTracker("main", "/live.mp3", TestEnricher.Create());

        Assert.True(tracker.OnPoll([Listener(23, 0)], T0).IsEmpty);
    }

    [Fact]
    public void A_finished_session_takes_the_exact_start_and_never_ends_before_it_starts()
    {
        var open = _tracker.OnPoll([Listener(23, 30)], T0).Started[0];

        var corrected = FinishedSession.From(open, new SessionEnd(T0.AddSeconds(60), 1, SessionSources.Hook, ExactStart: T0.AddSeconds(-29)));
        var inverted = FinishedSession.From(open, new SessionEnd(T0.AddSeconds(-100), 0, SessionSources.Poll));

        Assert.Equal((89, SessionSources.Hook), (corrected.DurationSeconds, corrected.Source));
        Assert.Equal(0, inverted.DurationSeconds);
    }

    private static IcecastListener Listener(long id, long connected) =>
        new(id, IPAddress.Parse("81.2.69.142"), "VLC/3.0.18 LibVLC/3.0.18", connected);
}
