using System.Net;

namespace Asteroid.Import;

/// <summary>One request read from a proxy's access log (nginx, HAProxy). <see cref="Start"/> is when
/// it was received and <see cref="End"/> when it was done; <see cref="DurationKnown"/> is false when
/// the log format has no request time (nginx <c>combined</c>): then both are the logged time.
/// <see cref="ForwardedFor"/> / <see cref="Forwarded"/>: the request's <c>X-Forwarded-For</c> and
/// <c>Forwarded</c> headers when the log carries them; the importer believes them only when
/// <see cref="Ip"/> is a trusted proxy (<see cref="Enrichment.ForwardedAddress"/>).</summary>
public sealed record class ProxyRequest(
    IPAddress? Ip, DateTimeOffset Start, DateTimeOffset End, string Method, string Path, int Status, long Bytes, string UserAgent, bool DurationKnown,
    string? Referer = null, string? ForwardedFor = null, string? Forwarded = null)
{
    /// <summary>Hides the address so a stray log line cannot leak it.</summary>
    public override string ToString() => $"ProxyRequest {{ Method = {Method}, Path = {Path}, Status = {Status}, End = {End:O} }}";
}

/// <summary>The formats the access-log import reads (<c>format=</c>).</summary>
public enum AccessLogFormat { Icecast, Nginx, Haproxy }
