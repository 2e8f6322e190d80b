using System.Net;

namespace Asteroid.Import;

/// <summary>A listener connection read from one Icecast access.log line. Icecast writes the line at
/// disconnect: the timestamp is the end, the last field the seconds connected.</summary>
public sealed record class AccessLogLine(IPAddress? Ip, DateTimeOffset EndedAt, string Mount, long BytesSent, string UserAgent, long DurationSeconds,
    string? Referer = null)
{
    public DateTimeOffset StartedAt => EndedAt - TimeSpan.FromSeconds(DurationSeconds);

    /// <summary>Hides the address so a stray log line cannot leak it.</summary>
    public override string ToString() => $"AccessLogLine {{ Mount = {Mount}, EndedAt = {EndedAt:O}, DurationSeconds = {DurationSeconds} }}";
}
