namespace Asteroid.Sessions;

/// <summary>One listener connection (key: <see cref="SessionKey"/>). Transient: lives while the
/// listener is connected, writes its row when it ends, then deactivates. Both calls are idempotent.</summary>
[Alias("asteroid.session")]
public interface ISessionGrain : IGrainWithStringKey
{
    [Alias("start")]
    Task Start(OpenSession session);

    /// <summary>Ends the session. Carries the session itself: after a silo crash the grain that
    /// ends it may be a fresh activation that never saw the start.</summary>
    [Alias("end")]
    Task End(OpenSession session, SessionEnd end);

    [AlwaysInterleave, Alias("get")]
    Task<OpenSession?> Get();
}
