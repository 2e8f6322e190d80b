namespace Asteroid.Events;

/// <summary>Where the domain's live events are published, for grains and for external Orleans
/// clients (see <c>samples/StatsClient</c>). Configure the stream provider <see cref="Provider"/> as
/// memory streams on the client (<c>client.AddMemoryStreams(AsteroidStreams.Provider)</c>, default
/// partitioning) and subscribe to <see cref="Mounts"/> and <see cref="Sessions"/>.
/// The streams are notification, not the record: an event can be lost (a silo dies, a queue is
/// full) or, rarely, repeated; <c>listener_sessions</c> and the grains stay the truth.</summary>
public static class AsteroidStreams
{
    /// <summary>The stream provider's name (memory streams on every silo and client).</summary>
    public const string Provider = "asteroid-events";

    /// <summary>Namespace of the mount stream: <see cref="MountEvent"/>s (status and count changes;
    /// later, track changes).</summary>
    public const string MountsNamespace = "asteroid.mounts";

    /// <summary>Namespace of the session stream: <see cref="SessionEvent"/>s (a session started or ended).</summary>
    public const string SessionsNamespace = "asteroid.sessions";

    /// <summary>The key of the network-wide stream in each namespace: every mount of every server.</summary>
    public const string AllKey = "all";

    /// <summary>Every mount's status and count changes.</summary>
    public static StreamId Mounts { get; } = StreamId.Create(MountsNamespace, AllKey);

    /// <summary>Every session start and end seen by polls and hooks (imported access logs are not live
    /// and are not published).</summary>
    public static StreamId Sessions { get; } = StreamId.Create(SessionsNamespace, AllKey);
}
