using Asteroid.Sessions;

namespace Asteroid.Events;

/// <summary>A listener session started (<see cref="Started"/>) or ended (<see cref="Finished"/>, the
/// row <c>listener_sessions</c> gets): exactly one is set. The one vocabulary of session changes: the
/// item of the silo's session writer and aggregation feed, and of <see cref="AsteroidStreams.Sessions"/>.
/// Keyed by <see cref="SessionId"/>: a consumer that sees one twice (a retried delivery, a session
/// re-attached after a silo restart) sees the same session.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.events.session-event")]
public readonly record struct SessionEvent(
    [property: Id(0)] OpenSession? Started,
    [property: Id(1)] FinishedSession? Finished)
{
    public static SessionEvent Start(OpenSession session) => new(session, null);

    public static SessionEvent Finish(FinishedSession session) => new(null, session);

    public Guid SessionId => Finished?.SessionId ?? Started?.SessionId ?? Guid.Empty;

    public string Server => Finished?.Server ?? Started?.Server ?? "";

    public string Mount => Finished?.Mount ?? Started?.Mount ?? "";
}
