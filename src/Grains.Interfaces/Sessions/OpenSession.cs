namespace Asteroid.Sessions;

/// <summary>A session that has started and not ended.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.open-session")]
public sealed record class OpenSession(
    [property: Id(0)] Guid SessionId,
    [property: Id(1)] string Server,
    [property: Id(2)] string Mount,
    [property: Id(3)] DateTimeOffset ServerStart,
    [property: Id(4)] long ClientId,
    [property: Id(5)] DateTimeOffset StartedAt,
    [property: Id(6)] ListenerProfile Profile,
    [property: Id(7)] string Source);

/// <summary>How a session ended: the end (estimated between the last poll that saw it and the first
/// that did not, or exact from a hook) and the half-width of that estimate in seconds.
/// <see cref="ExactStart"/> corrects a start estimated by polling when Icecast told the exact duration.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.session-end")]
public sealed record class SessionEnd(
    [property: Id(0)] DateTimeOffset EndedAt,
    [property: Id(1)] int PrecisionSeconds,
    [property: Id(2)] string Source,
    [property: Id(3)] long? BytesSent = null,
    [property: Id(4)] DateTimeOffset? ExactStart = null);

/// <summary>A row of <c>listener_sessions</c>.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.finished-session")]
public sealed record class FinishedSession(
    [property: Id(0)] Guid SessionId,
    [property: Id(1)] string Server,
    [property: Id(2)] string Mount,
    [property: Id(3)] string? Station,
    [property: Id(4)] DateTimeOffset StartedAt,
    [property: Id(5)] DateTimeOffset EndedAt,
    [property: Id(6)] int PrecisionSeconds,
    [property: Id(7)] ListenerProfile Profile,
    [property: Id(8)] long? BytesSent,
    [property: Id(9)] string Source)
{
    public int DurationSeconds => (int)Math.Max(0, Math.Round((EndedAt - StartedAt).TotalSeconds));

    public static FinishedSession From(OpenSession open, SessionEnd end)
    {
        var started = end.ExactStart ?? open.StartedAt;
        return new(open.SessionId, open.Server, open.Mount, null, started,
            end.EndedAt < started ? started : end.EndedAt, end.PrecisionSeconds, open.Profile, end.BytesSent,
            end.Source == SessionSources.Hook ? SessionSources.Hook : open.Source);
    }
}
