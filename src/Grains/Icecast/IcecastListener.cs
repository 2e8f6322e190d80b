using System.Net;

namespace Asteroid.Icecast;

/// <summary>One client line of <c>/admin/listclients</c>. The IP lives only in memory: it is never
/// logged, persisted or serialized (this type is deliberately not an Orleans serializable type).
/// <see cref="Referer"/> is the full header as Icecast 2.5 and Icecast-KH show it (2.4 does not);
/// only its host is ever kept.</summary>
public readonly record struct IcecastListener(long Id, IPAddress? Ip, string UserAgent, long ConnectedSeconds, string? Referer = null)
{
    /// <summary>Hides the address so a stray log template or exception cannot leak it.</summary>
    public override string ToString() => $"IcecastListener {{ Id = {Id}, ConnectedSeconds = {ConnectedSeconds} }}";
}
