using Asteroid.Analytics;

namespace Asteroid.Tests.Analytics;

/// <summary>Net and gross traffic of one day, computed by hand (docs/metrics.md, "Net and gross"):
/// A (listener 1) 10:00:00-10:10:00, qualifying; B (listener 2) 10:20:00 for 59 s, short; C
/// (listener 3) 10:30:00 for 60 s, qualifying (60 s is enough); D (listener 4) a bot 10:00-11:30.</summary>
public sealed class NetGrossTests
{
    private static readonly DayWindow Day = DayWindow.For(new(2026, 11, 20), TimeZoneInfo.Utc);

    private static readonly SessionFact[] Sessions =
    [
        Fact(1, 10 * 3600, 600),
        Fact(2, 10 * 3600 + 1200, 59),
        Fact(3, 10 * 3600 + 1800, 60),
        Fact(4, 10 * 3600, 5400, bot: true),
    ];

    [Fact]
    public void Net_leaves_out_the_bot_and_the_59_s_session_and_keeps_the_60_s_one()
    {
        var day = Aggregate().Snapshot();
        var m = MetricsCalculator.ForDays([day], 0, TimeZoneInfo.Utc);

        Assert.Equal((2L, 1L, 1L, 2L, 2L), (m.Sessions, m.ShortSessions, m.BotSessions, m.ActiveSessions, m.UniqueListeners));
        Assert.Equal(11.0, m.ListenMinutes); // 600 + 60 s
        Assert.Equal(1, m.PeakConcurrent); // non-bot sessions never overlap
        Assert.Equal(0.0104, m.Aqh); // one quarter hour (10:00) with a 5-minute listener, of 96
        Assert.Equal(0.3333, m.BounceRate); // 1 short of 3 non-bot sessions
        Assert.Equal(2, day.Hours[10].SessionsEnded); // A and C end in 10:00-11:00
        Assert.Equal(2, day.Totals.SessionsEnded);
    }

    [Fact]
    public void Gross_counts_every_session_with_its_own_peaks_aqh_and_hour_uniques()
    {
        var gross = Aggregate().Snapshot().AsGross()!;
        var m = MetricsCalculator.ForDays([gross], 0, TimeZoneInfo.Utc, Traffic.Gross);

        Assert.Equal((4L, 1L, 1L, 4L, 4L), (m.Sessions, m.ShortSessions, m.BotSessions, m.ActiveSessions, m.UniqueListeners));
        Assert.Equal(MetricsCalculator.Round4((600 + 59 + 60 + 5400) / 60.0), m.ListenMinutes);
        Assert.Equal(2, m.PeakConcurrent); // A and the bot at 10:00:00
        Assert.Equal(Day.Start + 10 * 3600, m.PeakAt!.Value.ToUnixTimeSeconds());
        Assert.Equal(0.0729, m.Aqh); // 10:00 has A and the bot, 10:15-11:15 the bot alone: 7 of 96
        Assert.Equal(0.3333, m.BounceRate); // the same non-bot sessions: 1 short of 3
        Assert.Equal((4L, 1L), (gross.Hours[10].UniqueListeners, gross.Hours[11].UniqueListeners));
        Assert.Equal((3L, 1L), (gross.Hours[10].SessionsEnded!.Value, gross.Hours[11].SessionsEnded!.Value)); // the bot's last second is 11:29:59
    }

    [Fact]
    public void Gross_cells_are_the_net_cells_plus_the_extra_sessions_cells()
    {
        var day = Aggregate().Snapshot();
        var gross = day.AsGross()!;

        var net = day.Breakdowns["player"]["VLC"];
        var extra = gross.ExtraBreakdowns!["player"]["VLC"];
        Assert.Equal((2L, 660L, 2L), (net.Sessions, net.ListenSeconds, net.Listeners.Count));
        Assert.Equal((2L, 5459L, 2L), (extra.Sessions, extra.ListenSeconds, extra.Listeners.Count));
        Assert.Equal(2, gross.ExtraListeners.Count); // listeners 2 and 4 only: the stored extras exclude the net listeners
    }

    [Fact]
    public void Gross_survives_the_stored_and_the_silo_to_silo_forms()
    {
        var day = Aggregate().Snapshot();
        var (stats, breakdowns, grossJson, grossListeners, grossBreakdowns) = DayStatsCodec.ToStorage(day);
        Assert.DoesNotContain("gross", stats, StringComparison.OrdinalIgnoreCase); // the net row as the previous release wrote it, plus sessionsEnded
        var stored = DayStatsCodec.FromStorage(stats, breakdowns, day.Listeners.Serialize(), grossJson, grossListeners, grossBreakdowns);
        var sent = DayStatsCodec.FromData(DayStatsCodec.ToData(day));

        foreach (var copy in new[] { stored, sent })
        {
            var m = MetricsCalculator.ForDays([copy.AsGross()!], 0, TimeZoneInfo.Utc, Traffic.Gross);
            Assert.Equal((4L, 4L, 2), (m.Sessions, m.UniqueListeners, m.PeakConcurrent));
            Assert.Equal(3L, copy.Gross!.Hours[10].SessionsEnded);
            Assert.Equal(2L, copy.AsGross()!.ExtraBreakdowns!["player"]["VLC"].Sessions);
        }
    }

    [Fact]
    public void A_row_of_the_previous_release_has_no_gross_and_an_unknown_sessions_ended()
    {
        // The stats JSON as release 1e106b3 wrote it: no "sessionsEnded" in its periods, no gross column.
        var day = Aggregate().Snapshot();
        var json = System.Text.Json.Nodes.JsonNode.Parse(DayStatsCodec.ToStorage(day).Stats)!.AsObject();
        json["totals"]!.AsObject().Remove("sessionsEnded");
        foreach (var hour in json["hours"]!.AsArray())
        {
            hour!.AsObject().Remove("sessionsEnded");
        }

        var old = DayStatsCodec.FromStorage(json.ToJsonString(), "{}", day.Listeners.Serialize(), gross: null, grossListeners: [1], grossBreakdowns: "{}");

        Assert.Null(old.Gross); // never the net numbers as gross
        Assert.Null(old.AsGross());
        Assert.Null(MetricsCalculator.ForHour(old, 10, 0, TimeZoneInfo.Utc).SessionsEnded);
        Assert.Equal(2L, MetricsCalculator.ForDays([old], 0, TimeZoneInfo.Utc).Sessions); // net as before
    }

    [Fact]
    public void Sessions_ended_counts_the_hour_of_the_last_second_across_an_hour_boundary_and_midnight()
    {
        var next = DayWindow.For(Day.Date.AddDays(1), TimeZoneInfo.Utc);
        var (today, tomorrow) = (new DayAggregator(Day), new DayAggregator(next));
        SessionFact[] sessions =
        [
            Fact(1, 9 * 3600 + 3000, 600), // 09:50:00-10:00:00: last second 09:59:59, ends in hour 9
            Fact(2, 9 * 3600 + 3000, 601), // 09:50:00-10:00:01: last second 10:00:00, ends in hour 10
            Fact(3, 23 * 3600 + 1800, 1800), // 23:30-00:00:00: ends in hour 23 of the first day
            Fact(4, 23 * 3600 + 3000, 1200), // 23:50-00:10: ends in hour 0 of the next day
        ];
        foreach (var s in sessions)
        {
            today.Add(s);
            tomorrow.Add(s);
        }

        var (a, b) = (today.Snapshot(), tomorrow.Snapshot());
        Assert.Equal((1L, 1L, 1L), (a.Hours[9].SessionsEnded!.Value, a.Hours[10].SessionsEnded!.Value, a.Hours[23].SessionsEnded!.Value));
        Assert.Equal(3L, a.Totals.SessionsEnded);
        Assert.Equal((1L, 1L), (b.Hours[0].SessionsEnded!.Value, b.Totals.SessionsEnded!.Value));
        Assert.Equal((4L, 0L), (a.Totals.Sessions, b.Totals.Sessions)); // all four started on the first day
    }

    private static TrafficDayAggregator Aggregate()
    {
        var day = new TrafficDayAggregator(Day);
        foreach (var s in Sessions.Concat(Sessions)) // each session once, whatever arrives twice
        {
            day.Add(s);
        }

        return day;
    }

    [Fact]
    public void A_session_still_connected_counts_as_started_and_active_but_not_as_ended()
    {
        var day = new TrafficDayAggregator(Day);
        day.Add(Fact(1, 3600, 120));
        day.AddOpen(Fact(2, 3600, 120)); // connected since 01:00, counted up to "now" at 01:02

        var stats = day.Snapshot();
        Assert.Equal((2L, 1L), (stats.Totals.Sessions, stats.Totals.SessionsEnded));
        Assert.Equal(1L, stats.Hours[1].SessionsEnded);
        Assert.Equal(1L, stats.AsGross()!.Totals.SessionsEnded);
    }

    private static SessionFact Fact(int listener, long offset, int seconds, bool bot = false) =>
        new(Guid.NewGuid(), (ulong)listener, Day.Start + offset, Day.Start + offset + seconds, bot, "main", "/live.mp3", "DE", null, "Berlin", "VLC", "Linux", "desktop");
}
