using Asteroid.Enrichment;
using Asteroid.Icecast;
using Asteroid.Sessions;

namespace Asteroid.Mounts;

/// <summary>The open sessions of one mount, keyed by Icecast client ID, and the rules that turn what
/// the mount sees into session starts and ends:
/// <list type="bullet">
/// <item>a poll: a new client ID starts a session at poll time − Connected; a known ID is seen again;
/// an ID that is gone ends between the last poll that saw it and this one (midpoint, ± half the gap);</item>
/// <item>hooks: listener_add starts at once; listener_remove ends with Icecast's exact duration, and
/// the ID is ignored by polls for a while (a poll answered just before the remove still lists it).
/// On a mount that sends listener_remove (Icecast lists a URL authenticator for it, or a remove
/// arrived), a client a poll no longer lists waits up to <see cref="RemoveHookGrace"/> for its
/// remove, which Icecast posts only after the client has left its list: the exact end wins over the
/// poll's estimate, and without a remove the estimate stands (between the last poll that saw it and
/// the first that did not);</item>
/// <item>an Icecast restart (new server start) or a vanished source ends every session;</item>
/// <item>a client that connected after the server start was last confirmed waits as pending (its
/// place and player already resolved, the raw address dropped) until the next confirmation says
/// which Icecast process it belongs to; it then opens — and, if a poll has missed it since, ends
/// between the last poll that saw it and the first that did not. Nothing seen by a poll is lost;</item>
/// <item>sessions restored after a silo restart continue if the next poll still lists them (same key,
/// same start) and end at the best estimate otherwise;</item>
/// <item>a hook that arrives while the server start is unknown (Icecast's stats could not be read)
/// is held, up to <see cref="MaxHeldHooks"/>, and applied when the start is known. A held hook from
/// before a restart that happened meanwhile belongs to the previous process, whose start was never
/// seen: its session is keyed by its own start, and an add without its remove ends by the restart.</item>
/// </list>
/// No I/O here: the mount grain applies the result.</summary>
public sealed class SessionTracker(string server, string mount, ListenerEnricher enricher)
{
    private static readonly TimeSpan HookMemory = TimeSpan.FromMinutes(2);

    /// <summary>How long after a remove hook, or after Icecast last said the mount has a URL
    /// authenticator, the mount is taken to send remove hooks.</summary>
    public static readonly TimeSpan RemoveHooksExpected = TimeSpan.FromMinutes(10);

    /// <summary>How long a client gone from the poll waits for its listener_remove.</summary>
    public static readonly TimeSpan RemoveHookGrace = TimeSpan.FromSeconds(10);

    private readonly Dictionary<long, Tracked> _open = [];
    private readonly Dictionary<long, (Tracked Tracked, DateTimeOffset FirstAbsent)> _awaitingRemove = [];
    private DateTimeOffset _removeHooksUntil = DateTimeOffset.MinValue;
    private readonly Dictionary<long, DateTimeOffset> _endedByHook = [];
    private readonly Dictionary<long, Pending> _pending = [];
    private readonly List<HeldHook> _held = [];

    /// <summary>The most hooks held per mount while the server start is unknown; later ones are dropped (and said so).</summary>
    public const int MaxHeldHooks = 1_000;

    public DateTimeOffset? ServerStart { get; private set; }

    /// <summary>When <see cref="ServerStart"/> was last read from Icecast. A client that connected
    /// after that may belong to a restarted Icecast whose new start we have not seen yet, so it
    /// opens a session only after the next confirmation (its start time is the same either way);
    /// until then it is pending.</summary>
    public DateTimeOffset ServerStartConfirmedAt { get; private set; }

    public int Count => _open.Count;

    /// <summary>Clients gone from the poll that wait for their listener_remove.</summary>
    public int AwaitingRemoveCount => _awaitingRemove.Count;

    /// <summary>Icecast lists a URL authenticator for this mount at <paramref name="at"/>: it may
    /// send listener_remove hooks, so clients gone from a poll wait for theirs a little.</summary>
    public void ExpectRemoveHooks(DateTimeOffset at) => ExpectRemoveHooksUntil(at + RemoveHooksExpected);

    private void ExpectRemoveHooksUntil(DateTimeOffset until)
    {
        if (until > _removeHooksUntil)
        {
            _removeHooksUntil = until;
        }
    }

    /// <summary>Clients seen by a poll that wait for the next server-start confirmation.</summary>
    public int PendingCount => _pending.Count;

    /// <summary>Hooks that wait for the server start.</summary>
    public int HeldHookCount => _held.Count;

    public IEnumerable<OpenSession> Open => _open.Values.Select(t => t.Session);

    /// <summary>Sessions that were open when this mount was last active; <paramref name="lastAlive"/>
    /// is the last time the mount is known to have seen its listeners.</summary>
    public void Restore(IEnumerable<OpenSession> sessions, DateTimeOffset lastAlive)
    {
        foreach (var session in sessions)
        {
            var seen = lastAlive > session.StartedAt ? lastAlive : session.StartedAt;
            _open[session.ClientId] = new Tracked(session, seen, Restored: true);
        }
    }

    /// <summary>Open sessions stored for this mount that this tracker does not know (written by an
    /// activation of the mount that no longer exists, e.g. a short-lived duplicate while a silo
    /// left): tracked from now on, so the next poll continues or closes them.</summary>
    public int Adopt(IEnumerable<OpenSession> stored)
    {
        var adopted = 0;
        foreach (var session in stored)
        {
            if (_open.TryGetValue(session.ClientId, out var known) && known.Session.SessionId == session.SessionId)
            {
                continue;
            }

            // A client that waits for its remove, or that a remove already ended, is not open any more.
            if (!_open.ContainsKey(session.ClientId) && !_awaitingRemove.ContainsKey(session.ClientId) && !_endedByHook.ContainsKey(session.ClientId))
            {
                _open[session.ClientId] = new Tracked(session, session.StartedAt, Restored: true);
                adopted++;
            }
        }

        return adopted;
    }

    /// <summary>The server's process start time. A change means Icecast restarted: client IDs begin
    /// again, so every session of the old process ends (at the latest when the new one started).</summary>
    /// <param name="confirmedAt">when Icecast was asked (null: a cached value, which confirms nothing new)</param>
    public SessionChanges OnServerStart(DateTimeOffset serverStart, DateTimeOffset now, DateTimeOffset? confirmedAt = null)
    {
        var previousStart = ServerStart != serverStart ? ServerStart : null;
        ServerStartConfirmedAt = serverStart != ServerStart
            ? confirmedAt ?? DateTimeOffset.MinValue
            : confirmedAt is { } at && at > ServerStartConfirmedAt ? at : ServerStartConfirmedAt;
        ServerStart = serverStart;
        var changes = new SessionChanges();
        foreach (var (id, tracked) in _open.Where(o => o.Value.Session.ServerStart != serverStart).ToList())
        {
            _open.Remove(id);
            var end = serverStart > tracked.LastSeen && serverStart < now ? serverStart : now;
            changes.Ended.Add((tracked.Session, Between(tracked.LastSeen, end, SessionSources.Poll)));
        }

        foreach (var (id, awaiting) in _awaitingRemove.Where(a => a.Value.Tracked.Session.ServerStart != serverStart).ToList())
        {
            _awaitingRemove.Remove(id);
            changes.Ended.Add((awaiting.Tracked.Session, Between(awaiting.Tracked.LastSeen, awaiting.FirstAbsent, SessionSources.Poll)));
        }

        ResolvePending(changes, previousStart);
        ReplayHeldHooks(changes, serverStart);
        return changes;
    }

    /// <summary>Applies the hooks held while the server start was unknown, in the order they came.</summary>
    private void ReplayHeldHooks(SessionChanges changes, DateTimeOffset serverStart)
    {
        var held = _held.ToList();
        _held.Clear();
        for (var i = 0; i < held.Count; i++)
        {
            var hook = held[i];
            if (hook.At >= serverStart)
            {
                Merge(changes, hook.DurationSeconds is { } duration
                    ? OnHookRemove(hook.ClientId, hook.Profile, duration, hook.At)
                    : OnHookAdd(hook.ClientId, hook.Profile, hook.At));
                continue;
            }

            // From a process before the restart: client IDs of the new one may repeat, so the session
            // is keyed by its own start.
            if (hook.DurationSeconds is { } length)
            {
                var start = hook.At - TimeSpan.FromSeconds(length);
                var session = NewSession(start, hook.ClientId, start, hook.Profile, SessionSources.Hook);
                changes.Started.Add(session);
                changes.Ended.Add((session, new SessionEnd(hook.At, 1, SessionSources.Hook)));
            }
            else if (!held.Skip(i + 1).Any(h => h.ClientId == hook.ClientId && h.DurationSeconds is not null && h.At < serverStart))
            {
                var session = NewSession(hook.At, hook.ClientId, hook.At, hook.Profile, SessionSources.Hook);
                changes.Started.Add(session);
                changes.Ended.Add((session, Between(hook.At, serverStart, SessionSources.Hook)));
            }
        }
    }

    private static void Merge(SessionChanges into, SessionChanges from)
    {
        into.Started.AddRange(from.Started);
        into.Ended.AddRange(from.Ended);
        into.SourcesUpdated.AddRange(from.SourcesUpdated);
    }

    /// <summary>Holds a hook until the server start is known; false when <see cref="MaxHeldHooks"/> are held already.</summary>
    private bool Hold(HeldHook hook)
    {
        if (_held.Count >= MaxHeldHooks)
        {
            return false;
        }

        _held.Add(hook);
        return true;
    }

    /// <summary>Opens the pending clients that the current confirmation covers. After a restart
    /// (<paramref name="previousStart"/> set) a client that connected before the new process started
    /// belonged to the previous one: it is keyed with that start and ends by the restart.</summary>
    private void ResolvePending(SessionChanges changes, DateTimeOffset? previousStart)
    {
        if (ServerStart is not { } serverStart)
        {
            return;
        }

        foreach (var (id, pending) in _pending.Where(p => p.Value.Started <= ServerStartConfirmedAt).ToList())
        {
            _pending.Remove(id);
            if (_open.ContainsKey(id) || _endedByHook.ContainsKey(id))
            {
                continue;
            }

            var oldProcess = previousStart is not null && pending.Started < serverStart;
            var key = oldProcess ? previousStart!.Value : serverStart;
            var session = NewSession(key, id, pending.Started, pending.Profile, SessionSources.Poll);
            changes.Started.Add(session);
            var firstAbsent = oldProcess ? Earliest(pending.FirstAbsent, serverStart) : pending.FirstAbsent;
            if (firstAbsent is { } absent)
            {
                changes.Ended.Add((session, Between(pending.LastSeen, absent, SessionSources.Poll)));
            }
            else
            {
                _open[id] = new Tracked(session, pending.LastSeen, Restored: false);
            }
        }
    }

    private static DateTimeOffset Earliest(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x < b ? x : b;

    public SessionChanges OnPoll(IReadOnlyList<IcecastListener> listeners, DateTimeOffset at)
    {
        var changes = new SessionChanges();
        if (ServerStart is not { } serverStart)
        {
            return changes; // without the server start there is no stable session key yet
        }

        ForgetOldHookEnds(at);
        var present = new HashSet<long>();
        foreach (var listener in listeners)
        {
            present.Add(listener.Id);
            if (_awaitingRemove.Remove(listener.Id, out var back))
            {
                _open[listener.Id] = back.Tracked; // listed again: it had not left after all
            }

            if (_open.TryGetValue(listener.Id, out var tracked))
            {
                if (tracked.Restored)
                {
                    changes.Started.Add(tracked.Session); // re-attach: same key, same start, idempotent
                }

                _open[listener.Id] = tracked with { LastSeen = at, Restored = false };
            }
            else if (_pending.TryGetValue(listener.Id, out var pending))
            {
                _pending[listener.Id] = pending with { LastSeen = at, FirstAbsent = null };
            }
            else if (!_endedByHook.ContainsKey(listener.Id))
            {
                var started = at - TimeSpan.FromSeconds(listener.ConnectedSeconds);
                var profile = enricher.Enrich(listener.Ip, listener.UserAgent, listener.Referer);
                if (started <= ServerStartConfirmedAt)
                {
                    var session = NewSession(serverStart, listener.Id, started, profile, SessionSources.Poll);
                    _open[listener.Id] = new Tracked(session, at, Restored: false);
                    changes.Started.Add(session);
                }
                else
                {
                    _pending[listener.Id] = new Pending(started, profile, at, null);
                }
            }
        }

        foreach (var (id, pending) in _pending.Where(p => p.Value.FirstAbsent is null && !present.Contains(p.Key)).ToList())
        {
            _pending[id] = pending with { FirstAbsent = at };
        }

        foreach (var (id, tracked) in _open.Where(o => !present.Contains(o.Key)).ToList())
        {
            _open.Remove(id);
            if (at < _removeHooksUntil)
            {
                _awaitingRemove[id] = (tracked, at);
            }
            else
            {
                changes.Ended.Add((tracked.Session, Between(tracked.LastSeen, at, SessionSources.Poll)));
            }
        }

        foreach (var (id, awaiting) in _awaitingRemove.Where(a => at - a.Value.FirstAbsent >= RemoveHookGrace).ToList())
        {
            _awaitingRemove.Remove(id);
            changes.Ended.Add((awaiting.Tracked.Session, Between(awaiting.Tracked.LastSeen, awaiting.FirstAbsent, SessionSources.Poll)));
        }

        return changes;
    }

    /// <summary>The source is gone (Icecast says "Source does not exist", or listmounts dropped the
    /// mount): every listener has left since the last poll that saw them.</summary>
    public SessionChanges OnSourceGone(DateTimeOffset at)
    {
        var changes = new SessionChanges();
        foreach (var (id, pending) in _pending.Where(p => p.Value.FirstAbsent is null).ToList())
        {
            _pending[id] = pending with { FirstAbsent = at };
        }

        foreach (var tracked in _open.Values)
        {
            changes.Ended.Add((tracked.Session, Between(tracked.LastSeen, at, SessionSources.Poll)));
        }

        foreach (var (tracked, firstAbsent) in _awaitingRemove.Values)
        {
            changes.Ended.Add((tracked.Session, Between(tracked.LastSeen, firstAbsent, SessionSources.Poll)));
        }

        _open.Clear();
        _awaitingRemove.Clear();
        return changes;
    }

    public SessionChanges OnHookAdd(long clientId, ListenerProfile profile, DateTimeOffset at)
    {
        var changes = new SessionChanges();
        if (_open.TryGetValue(clientId, out var polled) && polled.Session.Profile.ReferrerHost is null && profile.ReferrerHost is not null)
        {
            // Seen by a poll first (Icecast 2.4 lists no referrer); the hook's forwarded Referer still
            // counts, and is stored with the open session (a restart restores it).
            _open[clientId] = polled with { Session = polled.Session with { Profile = polled.Session.Profile with { ReferrerHost = profile.ReferrerHost, PlayerKind = profile.PlayerKind } } };
            changes.SourcesUpdated.Add(_open[clientId].Session);
        }

        if (ServerStart is not { } serverStart)
        {
            changes.HookHeld = Hold(new HeldHook(clientId, profile, null, at));
            changes.HookDropped = !changes.HookHeld;
            return changes;
        }

        if (_open.ContainsKey(clientId) || _endedByHook.ContainsKey(clientId))
        {
            return changes;
        }

        var session = NewSession(serverStart, clientId, at, profile, SessionSources.Hook);
        _open[clientId] = new Tracked(session, at, Restored: false);
        changes.Started.Add(session);
        return changes;
    }

    public SessionChanges OnHookRemove(long clientId, ListenerProfile profile, long durationSeconds, DateTimeOffset at)
    {
        var changes = new SessionChanges();
        if (ServerStart is not { } serverStart)
        {
            changes.HookHeld = Hold(new HeldHook(clientId, profile, durationSeconds, at));
            changes.HookDropped = !changes.HookHeld;
            return changes;
        }

        if (_endedByHook.ContainsKey(clientId))
        {
            return changes;
        }

        _endedByHook[clientId] = at;
        ExpectRemoveHooksUntil(at + RemoveHooksExpected);
        var end = new SessionEnd(at, 1, SessionSources.Hook);
        if (_open.Remove(clientId, out var tracked) || TakeAwaiting(clientId, out tracked))
        {
            // Icecast's duration is exact; a start estimated by polling is corrected with it.
            changes.Ended.Add((tracked.Session, end with { ExactStart = at - TimeSpan.FromSeconds(durationSeconds) }));
        }
        else
        {
            // Never seen (remove-only hooks, or shorter than a poll interval): start and end it now.
            var session = NewSession(serverStart, clientId, at - TimeSpan.FromSeconds(durationSeconds), profile, SessionSources.Hook);
            changes.Started.Add(session);
            changes.Ended.Add((session, end));
        }

        return changes;
    }

    private bool TakeAwaiting(long clientId, out Tracked tracked)
    {
        var found = _awaitingRemove.Remove(clientId, out var awaiting);
        tracked = awaiting.Tracked;
        return found;
    }

    private OpenSession NewSession(DateTimeOffset serverStart, long clientId, DateTimeOffset startedAt, ListenerProfile profile, string source) =>
        new(SessionKey.Id(SessionKey.Format(server, serverStart, clientId)), server, mount, serverStart, clientId, startedAt, profile, source);

    private void ForgetOldHookEnds(DateTimeOffset now)
    {
        foreach (var id in _endedByHook.Where(e => now - e.Value > HookMemory).Select(e => e.Key).ToList())
        {
            _endedByHook.Remove(id);
        }
    }

    /// <summary>An end known to lie between <paramref name="lastSeen"/> and <paramref name="firstAbsent"/>:
    /// the midpoint, with half the gap as precision (rounded up to a second).</summary>
    private static SessionEnd Between(DateTimeOffset lastSeen, DateTimeOffset firstAbsent, string source)
    {
        if (firstAbsent < lastSeen)
        {
            firstAbsent = lastSeen;
        }

        var half = (firstAbsent - lastSeen) / 2;
        return new SessionEnd(lastSeen + half, (int)Math.Ceiling(half.TotalSeconds), source);
    }

    private readonly record struct Tracked(OpenSession Session, DateTimeOffset LastSeen, bool Restored);

    /// <summary>A client waiting for the server-start confirmation: no raw address, only its profile.</summary>
    private readonly record struct Pending(DateTimeOffset Started, ListenerProfile Profile, DateTimeOffset LastSeen, DateTimeOffset? FirstAbsent);

    /// <summary>A hook that came before the server start was known: an add, or a remove with Icecast's duration.</summary>
    private readonly record struct HeldHook(long ClientId, ListenerProfile Profile, long? DurationSeconds, DateTimeOffset At);
}

/// <summary>What a mount event changed: sessions to start (or re-attach) and sessions to end.</summary>
public sealed class SessionChanges
{
    public List<OpenSession> Started { get; } = [];

    public List<(OpenSession Session, SessionEnd End)> Ended { get; } = [];

    /// <summary>Open sessions whose referrer host and player kind a hook has just told (a poll opened them without).</summary>
    public List<OpenSession> SourcesUpdated { get; } = [];

    /// <summary>The hook came before the server start was known and waits for it.</summary>
    public bool HookHeld { get; set; }

    /// <summary>The hook came before the server start was known and <see cref="SessionTracker.MaxHeldHooks"/> were held already.</summary>
    public bool HookDropped { get; set; }

    public bool IsEmpty => Started.Count == 0 && Ended.Count == 0;
}
