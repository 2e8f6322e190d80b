using System.Globalization;
using Asteroid.Reports;
using Asteroid.Tracks;

namespace Asteroid.Import;

/// <summary>One line of Icecast's <c>playlist.log</c>: when a source's metadata changed, on which
/// mount, the listeners at that moment, and the new metadata (artist and title as Icecast joined them).</summary>
public sealed record class PlaylistLogLine(DateTimeOffset At, string Mount, int Listeners, string? Artist, string Title);

/// <summary>Reads Icecast 2.4's <c>playlist.log</c> lines, as <c>logging_playlist</c> writes them:
/// <c>02/Dec/2026:00:12:13 +0000|/x.mp3|0|Artist - Title</c> — the local time in the access log's
/// format, the mount, the listener count, and the metadata, which may itself contain '|' (only the
/// first three separate fields). A line with empty metadata (a source without any) is skipped.</summary>
public static class PlaylistLogParser
{
    public enum Outcome { Play, Skipped, Invalid }

    /// <param name="offset">when set, the clock times are read in this offset instead of the line's own</param>
    public static Outcome Parse(string line, TimeSpan? offset, DateTimeOffset now, out PlaylistLogLine? play, out string? reason)
    {
        play = null;
        reason = null;
        var first = line.IndexOf('|', StringComparison.Ordinal);
        var second = first < 0 ? -1 : line.IndexOf('|', first + 1);
        var third = second < 0 ? -1 : line.IndexOf('|', second + 1);
        if (third < 0)
        {
            reason = "not a playlist.log line (time|mount|listeners|metadata)";
            return Outcome.Invalid;
        }

        if (!TryParseTime(line[..first], offset, out var at))
        {
            reason = "the time is not dd/MMM/yyyy:HH:mm:ss +hhmm";
            return Outcome.Invalid;
        }

        if (at < Icecast.InputLimits.Earliest || at > now.AddMinutes(5))
        {
            reason = at > now ? "the time is in the future" : $"the time is before {Icecast.InputLimits.Earliest:yyyy-MM-dd}";
            return Outcome.Invalid;
        }

        var mount = line[(first + 1)..second];
        if (mount.Length == 0 || mount[0] != '/' || !ReportRules.IsValidMount(mount))
        {
            reason = "the mount does not start with '/' or has control characters";
            return Outcome.Invalid;
        }

        if (!int.TryParse(line.AsSpan(second + 1, third - second - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var listeners))
        {
            reason = "the listener count is not a number";
            return Outcome.Invalid;
        }

        var (artist, title) = TrackNames.Split(null, line[(third + 1)..]);
        if (title is null)
        {
            return Outcome.Skipped;
        }

        play = new PlaylistLogLine(at, mount, listeners, artist, title);
        return Outcome.Play;
    }

    private static bool TryParseTime(string text, TimeSpan? overrideOffset, out DateTimeOffset time)
    {
        time = default;
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var clockText = space < 0 ? text : text[..space];
        if (!DateTime.TryParseExact(clockText, "dd/MMM/yyyy:HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var clock))
        {
            return false;
        }

        TimeSpan lineOffset = default;
        if ((space < 0 || !AccessLogParser.TryParseOffset(text[(space + 1)..], out lineOffset)) && overrideOffset is null)
        {
            return false;
        }

        var offset = overrideOffset ?? lineOffset;
        var utcTicks = clock.Ticks - offset.Ticks;
        if (utcTicks < TimeSpan.TicksPerDay * 366 || utcTicks > DateTime.MaxValue.Ticks - (TimeSpan.TicksPerDay * 366))
        {
            return false;
        }

        time = new DateTimeOffset(clock, offset);
        return true;
    }
}
