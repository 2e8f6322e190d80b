using Asteroid.Database;
using Asteroid.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Asteroid.Sessions;

/// <summary>The silo's buffer of session starts and ends in front of PostgreSQL: batches go to
/// <c>open_sessions</c> and <c>listener_sessions</c> in one transaction, idempotent on the session id.</summary>
public sealed class SessionWriter(SessionStore store, IOptions<SessionOptions> options, TimeProvider time, ILogger<SessionWriter> logger)
    : BufferedWriter<SessionEvent>(options.Value.BufferCapacity, options.Value.MaxBatch, TimeSpan.FromMilliseconds(500), time, logger)
{
    private readonly TimeSpan _enqueueTimeout = TimeSpan.FromSeconds(options.Value.EnqueueTimeoutSeconds);

    protected override string What => "session writes";

    public ValueTask<bool> OpenedAsync(OpenSession session) => EnqueueAsync(SessionEvent.Start(session), _enqueueTimeout);

    public ValueTask<bool> FinishedAsync(FinishedSession session) => EnqueueAsync(SessionEvent.Finish(session), _enqueueTimeout);

    protected override string Describe(SessionEvent item) => item.Finished is { } f
        ? $"finished session {f.SessionId} ({f.Server}{f.Mount}, {f.StartedAt:O} to {f.EndedAt:O})"
        : $"start of session {item.Started!.SessionId} ({item.Started.Server}{item.Started.Mount}, {item.Started.StartedAt:O})";

    protected override Task WriteBatchAsync(IReadOnlyList<SessionEvent> batch, CancellationToken ct) =>
        store.WriteAsync(
            [.. batch.Where(w => w.Started is not null).Select(w => w.Started!)],
            [.. batch.Where(w => w.Finished is not null).Select(w => w.Finished!)],
            ct);
}
