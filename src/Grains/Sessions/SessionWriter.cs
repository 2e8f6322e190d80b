using Asteroid.Database;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Asteroid.Sessions;

/// <summary>The silo's buffer of session starts and ends in front of PostgreSQL: batches go to
/// <c>open_sessions</c> and <c>listener_sessions</c> in one transaction, idempotent on the session id.</summary>
public sealed class SessionWriter(SessionStore store, IOptions<SessionOptions> options, TimeProvider time, ILogger<SessionWriter> logger)
    : BufferedWriter<SessionWrite>(options.Value.BufferCapacity, options.Value.MaxBatch, TimeSpan.FromMilliseconds(500), time, logger)
{
    private readonly TimeSpan _enqueueTimeout = TimeSpan.FromSeconds(options.Value.EnqueueTimeoutSeconds);

    protected override string What => "session writes";

    public ValueTask<bool> OpenedAsync(OpenSession session) => EnqueueAsync(new SessionWrite(session, null), _enqueueTimeout);

    public ValueTask<bool> FinishedAsync(FinishedSession session) => EnqueueAsync(new SessionWrite(null, session), _enqueueTimeout);

    protected override string Describe(SessionWrite item) => item.Finished is { } f
        ? $"finished session {f.SessionId} ({f.Server}{f.Mount}, {f.StartedAt:O} to {f.EndedAt:O})"
        : $"start of session {item.Opened!.SessionId} ({item.Opened.Server}{item.Opened.Mount}, {item.Opened.StartedAt:O})";

    protected override Task WriteBatchAsync(IReadOnlyList<SessionWrite> batch, CancellationToken ct) =>
        store.WriteAsync(
            [.. batch.Where(w => w.Opened is not null).Select(w => w.Opened!)],
            [.. batch.Where(w => w.Finished is not null).Select(w => w.Finished!)],
            ct);
}
