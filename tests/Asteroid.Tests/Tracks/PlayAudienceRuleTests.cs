using Asteroid.Tracks;

namespace Asteroid.Tests.Tracks;

/// <summary>The per-play audience rule against tables computed by hand. The play is [1000 s, 1240 s).</summary>
public sealed class PlayAudienceRuleTests
{
    private const long PlayStart = 1000_000, PlayEnd = 1240_000;

    private static ListenInterval S(ulong listener, long start, long? end, bool qualifies = true) =>
        new(listener, start * 1000, end * 1000, qualifies);

    // L1 spans the play; L2 leaves at 1100 and comes back (same listener) 1100-1200; L3 joins at 1050
    // and stays; L5 starts exactly at the end and L6 ends exactly at the start (neither heard it);
    // a bot plays the whole play; a 30 s session does not qualify for net.
    private static readonly ListenInterval[] Sessions =
    [
        S(1, 500, 2000), S(2, 900, 1100), S(3, 1050, 1300), S(2, 1100, 1200), S(5, 1240, 1500), S(6, 400, 1000),
        S(7, 1000, 1240, qualifies: false), S(8, 1010, 1040, qualifies: false),
    ];

    [Fact]
    public void Net_counts_only_qualifying_sessions_as_computed_by_hand()
    {
        var (audience, listeners) = PlayAudienceRule.Compute(PlayStart, PlayEnd, Sessions, net: true);

        // at start L1, L2; tune-ins L3, L2'; tune-outs L2 (1100), L2' (1200); at end L1, L3;
        // unique {1, 2, 3}; minutes (240 + 100 + 190 + 100) / 60; peak 3 (1050-1200).
        Assert.Equal(new PlayAudience(2, 2, 3, 3, 2, 2, 10.5), audience);
        Assert.Equal(3, listeners.Count);
    }

    [Fact]
    public void Gross_counts_every_session()
    {
        var (audience, listeners) = PlayAudienceRule.Compute(PlayStart, PlayEnd, Sessions, net: false);

        // + the bot (tune-in at the start instant, tune-out at the end instant, 240 s) and the short
        // session (1010-1040, 30 s); peak 4 at 1010-1040 and again from 1050 to 1200.
        Assert.Equal(new PlayAudience(2, 2, 4, 5, 4, 4, 15), audience);
        Assert.Equal(5, listeners.Count);
    }

    [Fact]
    public void At_end_is_at_start_plus_tune_ins_minus_tune_outs()
    {
        var (a, _) = PlayAudienceRule.Compute(PlayStart, PlayEnd, Sessions, net: false);

        Assert.Equal(a.ListenersAtStart + a.TuneIns - a.TuneOuts, a.ListenersAtEnd);
    }

    [Fact]
    public void An_open_session_counts_up_to_the_end_of_the_play()
    {
        var (audience, _) = PlayAudienceRule.Compute(PlayStart, PlayEnd, [S(1, 1230, null)], net: true);

        Assert.Equal(new PlayAudience(0, 1, 1, 1, 1, 0, Math.Round(10 / 60.0, 4)), audience);
    }

    [Fact]
    public void Ends_before_starts_at_one_instant_so_a_reconnect_is_not_a_peak()
    {
        // One listener reconnects at 1100: 1 → 1, never 2.
        var (audience, _) = PlayAudienceRule.Compute(PlayStart, PlayEnd, [S(1, 900, 1100), S(1, 1100, 1300)], net: true);

        Assert.Equal(1, audience.PeakListeners);
        Assert.Equal(1, audience.UniqueListeners);
        Assert.Equal((1, 1), (audience.TuneIns, audience.TuneOuts));
    }

    [Fact]
    public void A_play_across_midnight_is_one_play_whatever_the_date()
    {
        // 2026-11-20 23:58:00 to 2026-11-21 00:03:00 UTC; a listener from 23:59 to 00:01.
        var start = new DateTimeOffset(2026, 11, 20, 23, 58, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var end = start + 300_000;
        var (audience, _) = PlayAudienceRule.Compute(start, end, [new ListenInterval(1, start + 60_000, start + 180_000, true)], net: true);

        Assert.Equal(new PlayAudience(0, 0, 1, 1, 1, 1, 2), audience);
    }

    [Fact]
    public void A_play_across_the_fall_back_change_is_measured_in_real_time()
    {
        // America/New_York 2026-11-01: 01:50 EDT (05:50Z) to 01:10 EST (06:10Z) is 20 real minutes
        // although the wall clock shows 40 minutes back.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var start = new DateTimeOffset(2026, 11, 1, 5, 50, 0, TimeSpan.Zero);
        var end = new DateTimeOffset(2026, 11, 1, 6, 10, 0, TimeSpan.Zero);
        Assert.True(TimeZoneInfo.ConvertTime(end, zone).TimeOfDay < TimeZoneInfo.ConvertTime(start, zone).TimeOfDay);
        var (audience, _) = PlayAudienceRule.Compute(start.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds(),
            [new ListenInterval(1, start.AddMinutes(-5).ToUnixTimeMilliseconds(), end.AddMinutes(5).ToUnixTimeMilliseconds(), true)], net: true);

        Assert.Equal(20, audience.ListenMinutes);

        // Both 01:30s of that night (EDT, then EST) are compared with Sunday's hour 1.
        Assert.Equal((7, 1), TrackReports.HourOfWeek(new DateTimeOffset(2026, 11, 1, 5, 30, 0, TimeSpan.Zero), zone));
        Assert.Equal((7, 1), TrackReports.HourOfWeek(new DateTimeOffset(2026, 11, 1, 6, 30, 0, TimeSpan.Zero), zone));
    }

    [Theory]
    [InlineData(2, 10.0, 0.1, 2.0)]   // 0.2 tune-outs per listener-minute against a usual 0.1
    [InlineData(0, 10.0, 0.1, 0.0)]
    public void The_tune_out_index_is_the_plays_rate_over_the_usual_rate(int tuneOuts, double minutes, double baseline, double expected) =>
        Assert.Equal(expected, PlayAudienceRule.TuneOutIndex(tuneOuts, minutes, baseline));

    [Fact]
    public void No_tune_out_index_without_a_baseline_or_listening() =>
        Assert.Equal((null, null), (PlayAudienceRule.TuneOutIndex(1, 10, null), PlayAudienceRule.TuneOutIndex(1, 0, 0.1)));
}
