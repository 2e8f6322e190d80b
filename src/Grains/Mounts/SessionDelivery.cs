using Asteroid.Sessions;

namespace Asteroid.Mounts;

/// <summary>Hands a mount's session starts and ends to the session grains and keeps what could not
/// be handed over for the next try:
/// <list type="bullet">
/// <item>what failed before goes first, then the new changes;</item>
/// <item>starts before ends: a connection seen only by its listener_remove is started and ended in
/// one go, and two concurrent calls to one grain carry no order;</item>
/// <item>the end of a session whose start failed waits with it, and goes after the start;</item>
/// <item>a call that throws (a timeout, a silo that just died, a full write queue) is kept, never
/// dropped. Both calls are idempotent downstream, so a retry (or a re-attach after a restart)
/// cannot count a connection twice.</item>
/// </list>
/// No Orleans here: the mount grain passes the two calls.</summary>
public sealed class SessionDelivery(Func<OpenSession, Task> start, Func<OpenSession, SessionEnd, Task> end)
{
    private SessionChanges _undelivered = new();

    /// <summary>Starts and ends waiting for the next try.</summary>
    public int Undelivered => _undelivered.Started.Count + _undelivered.Ended.Count;

    /// <summary>Delivers what waits and <paramref name="changes"/>; returns what was delivered now
    /// (starts, then ends), what failed waits for the next call.</summary>
    public async Task<SessionChanges> DeliverAsync(SessionChanges changes)
    {
        if (!_undelivered.IsEmpty)
        {
            var retry = _undelivered;
            _undelivered = new SessionChanges();
            retry.Started.AddRange(changes.Started);
            retry.Ended.AddRange(changes.Ended);
            changes = retry;
        }

        var delivered = new SessionChanges();
        if (changes.IsEmpty)
        {
            return delivered;
        }

        foreach (var (session, ok) in await Task.WhenAll(changes.Started.Select(async s => (Session: s, Ok: await Succeeds(() => start(s))))))
        {
            (ok ? delivered.Started : _undelivered.Started).Add(session);
        }

        var failedStarts = _undelivered.Started.Select(s => s.SessionId).ToHashSet();
        _undelivered.Ended.AddRange(changes.Ended.Where(e => failedStarts.Contains(e.Session.SessionId))); // after their start
        var ends = changes.Ended.Where(e => !failedStarts.Contains(e.Session.SessionId));
        foreach (var (ended, ok) in await Task.WhenAll(ends.Select(async e => (Ended: e, Ok: await Succeeds(() => end(e.Session, e.End))))))
        {
            (ok ? delivered.Ended : _undelivered.Ended).Add(ended);
        }

        return delivered;
    }

    private static async Task<bool> Succeeds(Func<Task> call)
    {
        try
        {
            await call();
            return true;
        }
        catch (Exception)
        {
            return false; // retried with the next delivery
        }
    }
}
