namespace Asteroid.Access;

[StatelessWorker, Reentrant, GrainType("audit-log")]
public sealed class AuditLogGrain(AuditStore store) : Grain, IAuditLogGrain
{
    public Task Write(AuditRecord record) => store.WriteAsync(record);

    public Task<IReadOnlyList<AuditRecord>> Read(int limit, long? before) => store.ReadAsync(limit, before);
}
