namespace Asteroid.Sessions;

/// <summary>One listener connection (key: <see cref="SessionKey"/>). Transient: lives while the
/// listener is connected, writes its row when it ends, then deactivates. Both calls are idempotent.</summary>
[Alias("asteroid.session")]
public interface ISessionGrain : IGrainWithStringKey
{
    [Alias("start")]
    Task Start(OpenSession session);

    [Alias("end")]
    Task End(SessionEnd end);

    [AlwaysInterleave, Alias("get")]
    Task<OpenSession?> Get();
}
