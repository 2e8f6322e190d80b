using System.Text.RegularExpressions;

namespace Asteroid.Import;

/// <summary>What a proxy's request is to the import. Rules:
/// <list type="bullet">
/// <item>GET with a 2xx status only; anything else is skipped with a reason.</item>
/// <item>The query string is dropped; <c>/admin/</c> and files Icecast serves (<c>.xsl</c>, <c>.css</c> …) are not streams.</item>
/// <item>A path ending in <c>.m3u8</c> is an HLS playlist, one ending in <c>.ts</c>, <c>.aac</c>, <c>.m4s</c> or <c>.mp4</c> an HLS segment;
/// its stream (the mount) is the path's directory: <c>/hls/live/index.m3u8</c> and <c>/hls/live/seg7.ts</c> are <c>/hls/live</c>
/// (one directory per stream, as ffmpeg's HLS muxer and nginx-rtmp's <c>hls_nested on</c> write them; files at the root are <c>/</c>).
/// The request's time is when it was received.</item>
/// <item>Any other path is a long-lived stream request (Icecast behind the proxy): one session from
/// end − request time to the end. A format without the request time (nginx <c>combined</c>) cannot say
/// how long it lasted: skipped. Under a second: skipped ("no listening time").</item>
/// <item>A mount (the HLS directory or the stream's path) longer than <see cref="Stations.StationRules.MaxMountLength"/>
/// characters or with control characters is rejected.</item>
/// <item>Times are bounded as Icecast's lines are (<see cref="Icecast.InputLimits"/>): rejected outside them.</item>
/// </list></summary>
public static partial class ProxyRequestRules
{
    public enum Kind { Stream, HlsPlaylist, HlsSegment, Skipped, Rejected }

    public static Kind Classify(ProxyRequest request, DateTimeOffset now, out AccessLogLine? stream, out string? mount, out string? reason)
    {
        stream = null;
        mount = null;
        reason = null;
        if (request.Method != "GET")
        {
            reason = $"{request.Method} request";
            return Kind.Skipped;
        }

        if (request.Status is < 200 or > 299)
        {
            reason = $"status {request.Status}";
            return Kind.Skipped;
        }

        var path = request.Path.Split('?', 2)[0];
        if (!path.StartsWith('/') || path.StartsWith("/admin/", StringComparison.Ordinal) || AccessLogParser.NotAStream().IsMatch(path))
        {
            reason = "not a stream";
            return Kind.Skipped;
        }

        if (HlsFile().Match(path) is { Success: true } hls)
        {
            if (Icecast.InputLimits.CheckSession(request.Start, request.Start, now) is { } bound)
            {
                reason = "request " + bound;
                return Kind.Rejected;
            }

            var slash = path.LastIndexOf('/');
            var directory = slash == 0 ? "/" : path[..slash];
            if (MountProblem(directory) is { } tooLong)
            {
                reason = tooLong;
                return Kind.Rejected;
            }

            mount = directory;
            return hls.Groups[1].Value.Equals("m3u8", StringComparison.OrdinalIgnoreCase) ? Kind.HlsPlaylist : Kind.HlsSegment;
        }

        if (!request.DurationKnown)
        {
            reason = "no request time in the log format (a stream needs $request_time)";
            return Kind.Skipped;
        }

        var seconds = (long)Math.Round((request.End - request.Start).TotalSeconds);
        if (seconds <= 0)
        {
            reason = "no listening time";
            return Kind.Skipped;
        }

        if (Icecast.InputLimits.CheckSession(request.End.AddSeconds(-seconds), request.End, now) is { } limit)
        {
            reason = "session " + limit;
            return Kind.Rejected;
        }

        if (MountProblem(path) is { } bad)
        {
            reason = bad;
            return Kind.Rejected;
        }

        stream = new AccessLogLine(request.Ip, request.End, path, request.Bytes, request.UserAgent, seconds, request.Referer);
        return Kind.Stream;
    }

    /// <summary>A mount as the stations hold them: at most <see cref="Stations.StationRules.MaxMountLength"/>
    /// characters, no control characters (the proxy's log may hold anything).</summary>
    private static string? MountProblem(string mount) =>
        mount.Length > Stations.StationRules.MaxMountLength ? $"mount longer than {Stations.StationRules.MaxMountLength} characters"
        : mount.Any(char.IsControl) ? "mount with control characters"
        : null;

    [GeneratedRegex(@"\.(m3u8|ts|aac|m4s|mp4)$", RegexOptions.IgnoreCase)]
    private static partial Regex HlsFile();
}
