using Orleans.Placement;

namespace Asteroid.Sessions;

/// <summary>One listener connection. Placed on the silo of the mount grain that starts it (no network
/// hop), holds the session in memory, writes it through the silo's <see cref="SessionWriter"/> and
/// deactivates once it has ended.</summary>
[GrainType("session"), PreferLocalPlacement]
public sealed class SessionGrain(SessionWriter writer) : Grain, ISessionGrain
{
    private OpenSession? _session;
    private bool _ended;

    public async Task Start(OpenSession session)
    {
        if (_session is not null || _ended)
        {
            return; // already known: a poll, a hook or a recovery saw the same connection
        }

        _session = session;
        await writer.OpenedAsync(session);
    }

    public async Task End(SessionEnd end)
    {
        if (_session is null || _ended)
        {
            return;
        }

        _ended = true;
        await writer.FinishedAsync(FinishedSession.From(_session, end));
        DeactivateOnIdle();
    }

    public Task<OpenSession?> Get() => Task.FromResult(_ended ? null : _session);
}
