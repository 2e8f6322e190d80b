using Asteroid.Royalties;
using Asteroid.Tracks;

namespace Asteroid.Tests.Royalties;

/// <summary>The royalty rules against a small hour computed by hand (minutes from 2026-11-01 00:00 UTC).</summary>
public sealed class RoyaltyCalculatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset At(double minutes) => T0.AddMinutes(minutes);

    private static SourcePlay Play(string mount, double from, double to, string? artist, string title, string? isrc = null) =>
        new(new PlayRecord(Guid.NewGuid(), "s", mount, At(from), At(to), 0, 0, artist, title, null, isrc, null, null, PlaySources.Push), At(to), true);

    private static SourceSession Session(string mount, string listener, double from, double to, string? country = "US", bool bot = false) =>
        new("s", mount, listener, At(from).ToUnixTimeMilliseconds(), At(to).ToUnixTimeMilliseconds(), country, bot);

    private static readonly CatalogIndex Catalog = new(
    [
        new CatalogEntry("Catalogue Artist", "Catalogue Title", "Album", "Label", "GBAYE0000001", 240),
        new CatalogEntry("Named", "Song", null, null, null, 180),
        new CatalogEntry("Named", "Song", "Second entry with the same key", null, null, 180),
        new CatalogEntry("Own", "Deal", null, null, null, 180, DirectLicense: true),
        new CatalogEntry("Jingle", "Top", null, null, null, 10, Music: false),
    ]);

    // /a and /b carry one channel. 0-4 an ISRC-matched play (its text differs from the catalogue), on both mounts;
    // 4-5 a catalogue jingle; 5-6 "Station ID" (pattern); 6-10 a directly licensed play; 10-14 "named - SONG" (by name), /a only.
    private static readonly SourcePlay[] Plays =
    [
        Play("/a", 0, 4, "Someone", "Else", "gb-aye-00-00001"), Play("/b", 0, 4, "Someone", "Else", "GBAYE0000001"),
        Play("/a", 4, 5, "Jingle", "Top"), Play("/b", 4, 5, "Jingle", "Top"),
        Play("/a", 5, 6, null, "Station ID - Hourly"), Play("/a", 6, 10, "Own", "Deal"), Play("/a", 10, 14, "named", "SONG"),
    ];

    // L1 on /a 0-2 and /b 1-8 (both mounts at once 1-2); L2 (US) on /a 3.5-12 (half a minute of the first play counts);
    // L3 in GB on /a 0-14; a US bot on /a 0-14; L4 US on /b at 20-30 (after every play).
    private static readonly SourceSession[] Sessions =
    [
        Session("/a", "L1", 0, 2), Session("/b", "L1", 1, 8), Session("/a", "L2", 3.5, 12), Session("/a", "L3", 0, 14, "GB"),
        Session("/a", "bot", 0, 14, bot: true), Session("/b", "L4", 20, 30),
    ];

    [Fact]
    public void Plays_of_one_recording_on_two_mounts_at_once_are_one_station_play_matched_by_isrc_first()
    {
        var plays = RoyaltyCalculator.StationPlays(Plays, Catalog, ["station id*"], Sessions);

        Assert.Equal(5, plays.Count);
        Assert.Equal(["s/a", "s/b"], plays[0].Mounts);
        Assert.Equal(("isrc", "Catalogue Title"), (plays[0].MatchedBy, plays[0].Entry!.Title));
        Assert.Equal([PlayKinds.Music, PlayKinds.NonMusic, PlayKinds.NonMusic, PlayKinds.DirectLicense, PlayKinds.Music], plays.Select(p => p.Kind));
        Assert.Equal(("name", null), (plays[4].MatchedBy, plays[4].Entry!.Album)); // the first entry with the key
        Assert.Null(plays[2].Entry);
        // first play: L1 (on both mounts: once) and L2 (from 3.5); not L3 (GB), not the bot.
        Assert.Equal([2, 2, 1, 1, 1], plays.Select(p => p.UsListeners)); // the jingle: L1 on /b and L2 on /a
    }

    [Fact]
    public void The_report_of_use_has_the_music_recordings_with_catalogue_metadata_and_the_direct_licences_apart()
    {
        var plays = RoyaltyCalculator.StationPlays(Plays, Catalog, ["station id*"], Sessions);

        Assert.Equal(
            [new ReportOfUseRow("Catalogue Artist", "Catalogue Title", "GBAYE0000001", "Album", "Label", 2, 1, true),
             new ReportOfUseRow("Named", "Song", null, null, null, 1, 1, true)],
            RoyaltyCalculator.ReportOfUse(plays));
        Assert.Equal([new ReportOfUseRow("Own", "Deal", null, null, null, 1, 1, true)], RoyaltyCalculator.ReportOfUse(plays, PlayKinds.DirectLicense));
    }

    [Fact]
    public void ATH_counts_US_listener_time_once_per_listener_and_leaves_out_non_music_and_direct_licences()
    {
        var plays = RoyaltyCalculator.StationPlays(Plays, Catalog, ["station id*"], Sessions);

        var ath = RoyaltyCalculator.Ath(plays, Sessions, T0, T0.AddMinutes(25));

        // L1 0-8 (8 min, not 9), L2 3.5-12 (8.5), L4 20-25 (clipped: 5) = 21.5 min. Direct 6-10: L1 2 + L2 4 = 6;
        // non-music 4-6: L1 2 + L2 2 = 4.
        Assert.Equal(new TuningHours(RoyaltyCalculator.Hours(21_5 * 6000), RoyaltyCalculator.Hours(6 * 60_000), RoyaltyCalculator.Hours(4 * 60_000),
            RoyaltyCalculator.Hours(115 * 6000), 3), ath);
    }

    [Fact]
    public void Listener_hours_per_country_count_every_non_bot_listener()
    {
        var (total, countries) = RoyaltyCalculator.ListenerHours(Sessions, T0, T0.AddMinutes(25));

        // US: 8 + 8.5 + 5 = 21.5 min; GB 14 min.
        Assert.Equal(RoyaltyCalculator.Hours(355 * 6000), total);
        Assert.Equal([new CountryHours("US", RoyaltyCalculator.Hours(215 * 6000), Math.Round(2150 / 35.5, 2)),
            new CountryHours("GB", RoyaltyCalculator.Hours(14 * 60_000), Math.Round(1400 / 35.5, 2))], countries);
        Assert.Equal(RoyaltyCalculator.Hours(14 * 60_000), RoyaltyCalculator.ProgrammeHours(RoyaltyCalculator.StationPlays(Plays, Catalog, [], Sessions), T0, T0.AddMinutes(25)));
    }

    [Fact]
    public void Interval_union_and_overlap_are_exact()
    {
        var union = RoyaltyCalculator.Union([(5, 10), (0, 3), (3, 4), (8, 12), (20, 20)]);

        Assert.Equal([(0L, 4L), (5L, 12L)], union);
        Assert.Equal(3, RoyaltyCalculator.Overlap(union, [(2, 6)]));
    }
}
