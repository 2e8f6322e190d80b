using Asteroid.Analytics;
using Asteroid.Reports;

namespace Asteroid.Tests.Analytics;

/// <summary>Referrer host and player kind as day breakdowns: exact cells like the others, the
/// referrer cells bounded (<see cref="ReferrerCells"/>), rows stored before them unknown.</summary>
public sealed class SourceBreakdownTests
{
    private static readonly DayWindow Day = DayWindow.For(new(2026, 11, 20), TimeZoneInfo.Utc);

    [Fact]
    public void A_day_counts_referrer_hosts_and_player_kinds_with_no_referrer_as_the_empty_value()
    {
        var day = new TrafficDayAggregator(Day);
        day.Add(Fact(1, "player.example", "web"));
        day.Add(Fact(1, "player.example", "web"));
        day.Add(Fact(2, null, "media-player"));

        var cells = day.Snapshot().Breakdowns;

        var host = cells[Breakdowns.Referrer]["player.example"];
        Assert.Equal((2L, 1200L, 1L), (host.Sessions, host.ListenSeconds, host.Listeners.Count));
        Assert.Equal(1L, cells[Breakdowns.Referrer][""].Sessions);
        Assert.Equal(2L, cells[Breakdowns.PlayerKind]["web"].Sessions);
        Assert.Equal(1L, cells[Breakdowns.PlayerKind]["media-player"].Listeners.Count);
        Assert.True(Breakdowns.HasSources(cells));
    }

    [Fact]
    public void A_day_holds_a_bounded_number_of_hosts_in_memory_whatever_callers_send()
    {
        var cells = new BreakdownCells(Breakdowns.Day);
        var hosts = ReferrerCells.MaxInMemory + 500;
        for (var h = 0; h < hosts; h++)
        {
            cells.Add(Fact(h + 1, $"r{h}.hostile.example", "web"), 600, startsToday: true);
        }

        cells.Add(Fact(1, "r0.hostile.example", "web"), 600, startsToday: true); // a host already held keeps its cell

        var referrers = cells.Snapshot()[Breakdowns.Referrer];
        Assert.Equal(ReferrerCells.MaxInMemory + 1, referrers.Count); // the hosts held, and "(other)"
        Assert.Equal(500L, referrers[Breakdowns.OtherReferrers].Sessions);
        Assert.Equal(2L, referrers["r0.hostile.example"].Sessions);
        Assert.Equal(hosts + 1L, referrers.Values.Sum(c => c.Sessions)); // nothing lost
        Assert.Equal(hosts + 1L, cells.Clone().Snapshot()[Breakdowns.Referrer].Values.Sum(c => c.Sessions));
    }

    [Fact]
    public void A_day_names_at_most_the_top_hosts_and_folds_the_rest_into_other_exactly()
    {
        var day = new TrafficDayAggregator(Day);
        var listener = 0;
        for (var h = 0; h < ReferrerCells.Max + 30; h++)
        {
            // Host h has (h % 3) + 1 listeners; hosts 0..79.
            for (var l = 0; l <= h % 3; l++)
            {
                day.Add(Fact(++listener, $"h{h:D3}.example", "web"));
            }
        }

        day.Add(Fact(++listener, null, "app"));
        var cells = day.Snapshot().Breakdowns[Breakdowns.Referrer];

        Assert.Equal(ReferrerCells.Max + 2, cells.Count); // the named hosts, "(other)" and "" (no referrer)
        Assert.Equal(listener, cells.Values.Sum(c => c.Sessions)); // nothing lost
        Assert.All(cells.Where(c => c.Key.StartsWith('h')), c => Assert.True(c.Value.Listeners.Count >= 2)); // the largest are named
        var other = cells[Breakdowns.OtherReferrers];
        Assert.Equal(other.Sessions, other.Listeners.Count); // one session per listener: unions, not sums
    }

    [Fact]
    public void Gross_names_the_same_hosts_as_net_so_a_gross_host_is_its_net_cell_plus_its_extra_cell()
    {
        var day = new TrafficDayAggregator(Day);
        var listener = 0;
        for (var h = 0; h < ReferrerCells.Max; h++)
        {
            day.Add(Fact(++listener, $"net{h:D2}.example", "web"));
        }

        // A bot-heavy host outside net's names, and bots on a named host.
        for (var b = 0; b < 5; b++)
        {
            day.Add(Fact(++listener, "bots.example", "unknown") with { IsBot = true });
        }

        day.Add(Fact(++listener, "net00.example", "unknown") with { IsBot = true });

        var stats = day.Snapshot();
        var gross = stats.AsGross()!;

        Assert.DoesNotContain("bots.example", stats.Breakdowns[Breakdowns.Referrer].Keys);
        Assert.DoesNotContain("bots.example", gross.ExtraBreakdowns![Breakdowns.Referrer].Keys);
        Assert.Equal(5L, gross.ExtraBreakdowns[Breakdowns.Referrer][Breakdowns.OtherReferrers].Sessions);
        Assert.Equal(1L, gross.ExtraBreakdowns[Breakdowns.Referrer]["net00.example"].Sessions);
        var rows = BreakdownRows.All([gross], []);
        var net00 = rows.Referrers!.Single(r => r.Value == "net00.example");
        Assert.Equal((2L, 2L), (net00.Sessions, net00.UniqueListeners));
    }

    [Fact]
    public void A_day_stored_before_the_sources_is_unknown_and_its_breakdown_rows_leave_it_out()
    {
        var known = new TrafficDayAggregator(Day);
        known.Add(Fact(1, "player.example", "web"));
        var next = DayWindow.For(Day.Date.AddDays(1), TimeZoneInfo.Utc);
        var oldAggregator = new TrafficDayAggregator(next);
        oldAggregator.Add(Fact(2, "player.example", "web") with { Start = next.Start + 3600, End = next.Start + 4200 });
        var stored = oldAggregator.Snapshot();
        var old = stored with
        {
            Breakdowns = stored.Breakdowns.Where(d => !Breakdowns.Sources.Contains(d.Key)).ToDictionary(d => d.Key, d => d.Value),
        };
        var empty = new DayAggregator(DayWindow.For(Day.Date.AddDays(2), TimeZoneInfo.Utc)).Snapshot() with { Breakdowns = new Dictionary<string, Dictionary<string, BreakdownCell>>() };

        var rows = BreakdownRows.All([known.Snapshot(), old, empty], []);

        Assert.True(BreakdownRows.SourcesUnknown(old));
        Assert.False(BreakdownRows.SourcesUnknown(empty)); // nothing listened: nothing unknown
        Assert.Equal([next.Date], rows.SourcesUnknownDates!);
        Assert.Equal(1L, rows.Referrers!.Single(r => r.Value == "player.example").Sessions); // the known day only
        Assert.Equal(2L, rows.Players.Single().Sessions); // the other breakdowns count both days
    }

    [Fact]
    public void A_stored_day_keeps_its_source_cells_and_a_previous_release_silos_live_day_has_none()
    {
        var day = new TrafficDayAggregator(Day);
        day.Add(Fact(1, "player.example", "web"));
        var stats = day.Snapshot();
        var (json, breakdowns, gross, grossListeners, grossBreakdowns) = DayStatsCodec.ToStorage(stats);

        var read = DayStatsCodec.FromStorage(json, breakdowns, stats.Listeners.Serialize(), gross, grossListeners, grossBreakdowns);
        var wire = DayStatsCodec.FromData(DayStatsCodec.ToData(stats));
        var previous = DayStatsCodec.ToData(stats);
        var legacy = DayStatsCodec.FromData(previous with { Breakdowns = [.. previous.Breakdowns.Where(c => !Breakdowns.Sources.Contains(c.Dimension))] });

        Assert.Equal(1L, read.Breakdowns[Breakdowns.Referrer]["player.example"].Sessions);
        Assert.Equal(1L, wire.Breakdowns[Breakdowns.PlayerKind]["web"].Listeners.Count);
        Assert.False(Breakdowns.HasSources(legacy.Breakdowns));
        Assert.True(Breakdowns.HasSources(DayStatsCodec.FromData(DayStatsCodec.ToData(new TrafficDayAggregator(Day).Snapshot())).Breakdowns));
    }

    [Fact]
    public void The_daypart_summarys_raw_cells_are_bounded_over_the_range_and_known()
    {
        var cells = new BreakdownCells(Breakdowns.All);
        for (var h = 0; h < ReferrerCells.Max + 10; h++)
        {
            cells.Add(Fact(h, $"h{h:D2}.example", "web"), 600, startsToday: true);
        }

        var rows = BreakdownRows.OfCells(cells.Snapshot());

        Assert.Equal(ReferrerCells.Max + 1, rows.Referrers!.Count);
        Assert.Equal(10L, rows.Referrers.Single(r => r.Value == Breakdowns.OtherReferrers).Sessions);
        Assert.Equal(ReferrerCells.Max + 10L, rows.PlayerKinds!.Single().Sessions);
        Assert.Empty(rows.SourcesUnknownDates!);
    }

    private static SessionFact Fact(int listener, string? referrer, string kind) =>
        new(Guid.NewGuid(), (ulong)listener, Day.Start + 3600, Day.Start + 4200, false, "main", "/live.mp3", "DE", null, "Berlin", "VLC", "Linux", "desktop",
            referrer, kind);
}
