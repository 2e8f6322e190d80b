using Asteroid.Analytics;
using Asteroid.Groups;
using Asteroid.Rebuilds;

namespace Asteroid.Tests.Analytics;

/// <summary>The pure rules of the scopes: which mounts a scope has, what a group may be, and what a
/// day merged from mount rows (beyond raw retention) keeps exact and what it bounds.</summary>
public sealed class ScopeRulesTests
{
    private static readonly DayWindow Day = DayWindow.For(new DateOnly(2026, 11, 10), TimeZoneInfo.Utc);

    [Fact]
    public void An_implicit_station_is_its_servers_mounts_without_those_of_explicit_stations()
    {
        var implicitMain = new ScopeMembers(false, ["main"], ["main/jazz.ogg"], []);
        var jazz = ScopeMembers.OfMounts(["main/jazz.ogg"]);

        Assert.True(implicitMain.Contains("main", "/talk.mp3"));
        Assert.False(implicitMain.Contains("main", "/jazz.ogg"));
        Assert.False(implicitMain.Contains("relay", "/talk.mp3"));
        var group = implicitMain.Union(jazz);
        Assert.True(group.Contains("main", "/jazz.ogg"), "a mount excluded from one part is a member through the other");
        Assert.True(group.Contains("main", "/talk.mp3"));
        Assert.True(ScopeMembers.Everything.Contains("any", "/thing"));
        Assert.False(ScopeMembers.None.Contains("main", "/talk.mp3"));
    }

    [Theory]
    [InlineData("east", "East", "America/New_York", true)]
    [InlineData("East", "East", null, false)]
    [InlineData("east", "", null, false)]
    [InlineData("east", "Ea\u0000st", null, false)]
    [InlineData("east", "East", "Mars/Olympus", false)]
    public void Groups_have_a_valid_id_a_bounded_name_and_an_iana_zone(string id, string name, string? zone, bool valid)
    {
        Assert.Equal(valid, GroupRules.Check(id, name, zone, ["a"]).Count == 0);
    }

    [Fact]
    public void A_group_lists_each_station_once_and_at_most_the_limit()
    {
        Assert.Contains("stations", GroupRules.Check("g", "G", null, ["a", "a"]).Keys);
        Assert.Contains("stations", GroupRules.Check("g", "G", null, ["a\n"]).Keys);
        Assert.Contains("stations", GroupRules.Check("g", "G", null, [.. Enumerable.Range(0, GroupRules.MaxStations + 1).Select(i => $"s{i}")]).Keys);
    }

    /// <summary>Mount A: listener 1 10:00–11:00, listener 2 10:15–10:45 (peak 2). Mount B: listener 1
    /// 12:00–12:30 (peak 1), one bot. Merged: 3 sessions, 1 bot, 2 listeners (1 is on both: once), 120
    /// listening minutes — exact; peak 3 = 2 + 1, an upper bound (the true peak of the two is 2).</summary>
    [Fact]
    public void A_day_merged_from_mount_rows_keeps_sums_and_listener_unions_exact_and_bounds_the_peak()
    {
        var a = Aggregate(Fact(1, "/a", 10 * 60, 60), Fact(2, "/a", 10 * 60 + 15, 30));
        var b = Aggregate(Fact(1, "/b", 12 * 60, 30), Fact(9, "/b", 12 * 60, 30) with { IsBot = true });

        var merged = DayRowMerge.Merge(Day, [a, b]);

        Assert.Equal((3L, 1L, 2L), (merged.Totals.Sessions, merged.Totals.BotSessions, merged.Totals.UniqueListeners));
        Assert.Equal(120 * 60, merged.Totals.ListenSeconds);
        Assert.Equal(2, merged.Listeners.Count);
        Assert.Equal(3, merged.Totals.PeakConcurrent);
        Assert.Equal(2, merged.Hours[10].Sessions);
        Assert.Equal(2, merged.Breakdowns["mount"].Count);
        Assert.Equal(1, merged.Breakdowns["mount"]["main/b"].Listeners.Count);
        // The three qualifying sessions end that day; the gross part of merged rows is not known.
        Assert.Equal(3L, merged.Totals.SessionsEnded);
        Assert.Null(merged.Gross);
    }

    [Fact]
    public void A_merged_day_knows_sessions_ended_only_when_every_row_does()
    {
        var a = Aggregate(Fact(1, "/a", 10 * 60, 60));
        var old = Aggregate(Fact(2, "/b", 11 * 60, 60));
        old = old with { Totals = old.Totals with { SessionsEnded = null } };

        Assert.Null(DayRowMerge.Merge(Day, [a, old]).Totals.SessionsEnded);
        Assert.Equal(1L, DayRowMerge.Merge(Day, [a]).Totals.SessionsEnded);
    }

    [Fact]
    public void Merging_no_rows_is_an_empty_day_of_the_scopes_window()
    {
        var merged = DayRowMerge.Merge(Day, []);

        Assert.Equal((0L, 24), (merged.Totals.Sessions, merged.Hours.Length));
        Assert.Equal(Day.Start, merged.Start);
    }

    private static DayStats Aggregate(params SessionFact[] facts)
    {
        var day = new DayAggregator(Day);
        foreach (var fact in facts)
        {
            day.Add(fact);
        }

        return day.Snapshot();
    }

    private static SessionFact Fact(ulong listener, string mount, int startMinute, int minutes)
    {
        var start = Day.Start + startMinute * 60L;
        return new SessionFact(Guid.NewGuid(), listener, start, start + minutes * 60L, false, "main", mount, "GB", null, null, "VLC", "Linux", "desktop");
    }
}
