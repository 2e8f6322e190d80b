using Orleans.Placement;

namespace Asteroid.Sessions;

/// <summary>One listener connection, transient: placed on the silo of the mount grain that starts it
/// (no network hop), it hands the start to the silo's <see cref="SessionWriter"/> and the aggregates
/// and deactivates; the end (which carries the session, as the mount grain tracks it) activates it
/// again to write the finished session. Between the two no activation is held, so a quarter of a
/// million open sessions cost no quarter of a million activations. Both calls are idempotent
/// downstream (rows and aggregates are keyed by the session id), so a repeated call is harmless.</summary>
[GrainType("session"), PreferLocalPlacement]
public sealed class SessionGrain(SessionWriter writer, Analytics.AggregationFeed aggregates, Stations.StationResolver stations) : Grain, ISessionGrain
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
        Observability.AsteroidMetrics.SessionsStarted.Add(1, new KeyValuePair<string, object?>("source", session.Source));
        await writer.OpenedAsync(session);
        await aggregates.StartedAsync(session); // today's numbers count it from now on
        DeactivateOnIdle();
    }

    public async Task End(OpenSession session, SessionEnd end)
    {
        if (_ended)
        {
            return;
        }

        _session ??= session; // a fresh activation after a crash: the row is idempotent on the session id
        if (_session.Profile.ReferrerHost is null && session.Profile.ReferrerHost is not null)
        {
            _session = _session with { Profile = _session.Profile with { ReferrerHost = session.Profile.ReferrerHost, PlayerKind = session.Profile.PlayerKind } };
        }

        _ended = true;
        var station = await stations.ResolveAsync(_session.Server, _session.Mount); // mounts move between stations from now on
        var finished = FinishedSession.From(_session, end) with { Station = station.Id };
        Observability.AsteroidMetrics.SessionsEnded.Add(1, new KeyValuePair<string, object?>("source", finished.Source));
        await writer.FinishedAsync(finished);
        await aggregates.FinishedAsync(finished);
        DeactivateOnIdle();
    }

    public Task<OpenSession?> Get() => Task.FromResult(_ended ? null : _session);
}
