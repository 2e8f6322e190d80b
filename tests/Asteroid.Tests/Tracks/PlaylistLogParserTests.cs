using Asteroid.Import;
using Asteroid.Tracks;

namespace Asteroid.Tests.Tracks;

public sealed class PlaylistLogParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 1, 0, 0, TimeSpan.Zero);

    /// <summary>recorded-playlist.log: written by Icecast 2.4.4 (Debian) with an MP3 source updated
    /// through /admin/metadata (UTF-8 and a '|' in the title) and an Ogg source with artist and title tags.</summary>
    private static string[] Recorded()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var file = Path.Combine(dir.FullName, "tests", "Asteroid.Tests", "Tracks", "recorded-playlist.log");
            if (File.Exists(file))
            {
                return File.ReadAllLines(file);
            }
        }

        throw new FileNotFoundException("recorded-playlist.log");
    }

    [Fact]
    public void The_recorded_log_gives_time_mount_listeners_artist_and_title()
    {
        var lines = Recorded();
        var parsed = lines.Select(l => PlaylistLogParser.Parse(l, null, Now, out var p, out _) == PlaylistLogParser.Outcome.Play ? p : null).ToList();

        Assert.Equal(4, parsed.Count);
        Assert.All(parsed, Assert.NotNull);
        Assert.Equal(new PlaylistLogLine(new DateTimeOffset(2026, 12, 2, 0, 12, 12, TimeSpan.Zero), "/x.mp3", 0, "Arté", "Tïtle | pipe"), parsed[0]);
        Assert.Equal(new PlaylistLogLine(new DateTimeOffset(2026, 12, 2, 0, 12, 13, TimeSpan.Zero), "/y.ogg", 0, "OggA", "OggT"), parsed[1]);
        Assert.Equal(("AA", "TT"), (parsed[2]!.Artist, parsed[2]!.Title));
        Assert.Equal(("OggA", "Hello"), (parsed[3]!.Artist, parsed[3]!.Title));
    }

    [Fact]
    public void The_line_offset_is_used_unless_the_import_gives_one()
    {
        const string line = "20/Nov/2026:08:00:00 -0500|/live.mp3|12|Only A Title";

        Assert.Equal(PlaylistLogParser.Outcome.Play, PlaylistLogParser.Parse(line, null, Now, out var own, out _));
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 13, 0, 0, TimeSpan.Zero), own!.At);
        Assert.Equal((null, "Only A Title", 12), (own.Artist, own.Title, own.Listeners));
        PlaylistLogParser.Parse(line, TimeSpan.Zero, Now, out var given, out _);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero), given!.At);
    }

    [Fact]
    public void A_line_without_metadata_is_skipped() =>
        Assert.Equal(PlaylistLogParser.Outcome.Skipped, PlaylistLogParser.Parse("20/Nov/2026:08:00:00 +0000|/live.mp3|0|", null, Now, out _, out _));

    [Theory]
    [InlineData("garbage", "not a playlist.log line")]
    [InlineData("20/Nov/2026:08:00:00 +0000|/live.mp3|0", "not a playlist.log line")]
    [InlineData("99/Xyz/2026:08:00:00 +0000|/live.mp3|0|A - B", "the time is not")]
    [InlineData("20/Nov/2026:08:00:00 +0000|live.mp3|0|A - B", "the mount")]
    [InlineData("20/Nov/2026:08:00:00 +0000|/live.mp3|-1|A - B", "the listener count")]
    [InlineData("20/Nov/2099:08:00:00 +0000|/live.mp3|0|A - B", "the time is in the future")]
    [InlineData("20/Nov/1990:08:00:00 +0000|/live.mp3|0|A - B", "the time is before")]
    public void Bad_lines_are_rejected_with_a_reason(string line, string reason)
    {
        Assert.Equal(PlaylistLogParser.Outcome.Invalid, PlaylistLogParser.Parse(line, null, Now, out _, out var why));
        Assert.StartsWith(reason, why, StringComparison.Ordinal);
    }
}
