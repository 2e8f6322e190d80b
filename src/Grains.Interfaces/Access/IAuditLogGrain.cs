namespace Asteroid.Access;

/// <summary>The audit log of admin changes, kept in PostgreSQL (a stateless worker: it runs on the
/// calling silo). Callers pass views that hold no secret; before and after are JSON texts.</summary>
[Alias("asteroid.audit-log")]
public interface IAuditLogGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    [Alias("write")]
    Task Write(AuditRecord record);

    /// <summary>Newest first, at most <paramref name="limit"/> (plus one, telling that more exist), older than entry <paramref name="before"/> if given.</summary>
    [Alias("read")]
    Task<IReadOnlyList<AuditRecord>> Read(int limit, long? before);
}

[GenerateSerializer, Immutable, Alias("asteroid.audit-record")]
public sealed record class AuditRecord(
    [property: Id(0)] long Id,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Actor,
    [property: Id(3)] string ActorKind,
    [property: Id(4)] string Action,
    [property: Id(5)] string Target,
    [property: Id(6)] string? BeforeJson,
    [property: Id(7)] string? AfterJson);
