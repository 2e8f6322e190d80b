using Asteroid.Analytics;
using Asteroid.Shows;
using Asteroid.Tests.Analytics;

namespace Asteroid.Tests.Shows;

/// <summary>The audience of episode and daypart windows: against the plain reference computation of
/// the metrics (<see cref="ReferenceMetrics"/>) on random sessions, against a straightforward
/// daypart AQH and cume over several windows, and against hand-computed tables.</summary>
public sealed class WindowMetricsTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly long Day0 = new DateTimeOffset(2026, 11, 2, 5, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(); // Mon 00:00 EST

    private static SessionFact Fact(ulong listener, long start, long end, bool bot = false) =>
        new(Guid.NewGuid(), listener, start, end, bot, "s", "/m", null, null, null, "VLC", "Linux", "desktop");

    private static List<SessionFact> RandomSessions(int seed, int count)
    {
        var random = new Random(seed);
        var sessions = new List<SessionFact>();
        for (var i = 0; i < count; i++)
        {
            var start = Day0 + random.Next(0, 3 * 86400);
            var length = random.Next(4) switch { 0 => random.Next(0, 120), 1 => random.Next(120, 1200), _ => random.Next(1200, 4 * 3600) };
            sessions.Add(Fact((ulong)random.Next(1, 40), start, start + length, bot: random.Next(20) == 0));
        }

        return sessions;
    }

    private static List<ShowSession> Shows(IEnumerable<SessionFact> facts) => [.. facts.Select(f => new ShowSession(f.Listener, f.Start, f.End, f.IsBot, false))];

    private static Dictionary<ulong, long> FirstSeen(IEnumerable<SessionFact> facts) =>
        facts.Where(f => f.Qualifies).GroupBy(f => f.Listener).ToDictionary(g => g.Key, g => g.Min(f => f.Start));

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    [InlineData(4, false)]
    public void One_window_equals_the_reference_metrics_of_that_period(int seed, bool net)
    {
        var facts = RandomSessions(seed, 400);
        // Tuesday 06:00-10:00 EST, and an episode that does not start on a quarter hour.
        foreach (var (from, to) in new[] { (Day0 + 86400 + 6 * 3600, Day0 + 86400 + 10 * 3600), (Day0 + 7 * 3600 + 420, Day0 + 9 * 3600 + 1000) })
        {
            var (metrics, _, _) = WindowMetrics.Compute([(from, to)], Shows(facts), net, FirstSeen(facts), NewYork);

            Assert.Equal(ReferenceMetrics.Compute(facts, from, to, NewYork, net ? Traffic.Net : Traffic.Gross), metrics);
        }
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public void Daypart_aqh_and_cume_over_several_days_equal_a_straightforward_computation(int seed)
    {
        var facts = RandomSessions(seed, 600);
        var morningDrive = DefaultDayparts.Triton.Single(d => d.Id == "morning-drive");
        var windows = ScheduleExpander.Windows(morningDrive, NewYork, DateTimeOffset.FromUnixTimeSeconds(Day0), DateTimeOffset.FromUnixTimeSeconds(Day0 + 3 * 86400))
            .Select(w => (w.Start.ToUnixTimeSeconds(), w.End.ToUnixTimeSeconds())).ToList();
        Assert.Equal(3, windows.Count);

        var (metrics, _, _) = WindowMetrics.Compute(windows, Shows(facts), net: true, FirstSeen(facts), NewYork);

        // Reference: every quarter hour of every window, the listeners with 5 minutes of qualifying listening in it.
        var qualifying = facts.Where(f => f.Qualifies).ToList();
        var quarters = windows.SelectMany(w => Enumerable.Range(0, (int)((w.Item2 - w.Item1) / 900)).Select(q => w.Item1 + q * 900L)).ToList();
        var perQuarter = quarters.Select(q => qualifying.GroupBy(f => f.Listener).Count(g => CoveredSeconds(g, q, q + 900) >= 300)).ToList();
        var cume = qualifying.Where(f => windows.Any(w => f.Start < w.Item2 && f.End > w.Item1)).Select(f => f.Listener).Distinct().Count();
        var minutes = qualifying.Sum(f => windows.Sum(w => Math.Max(0, Math.Min(f.End, w.Item2) - Math.Max(f.Start, w.Item1)))) / 60.0;

        Assert.Equal(48, quarters.Count);
        Assert.Equal(Math.Round(perQuarter.Average(), 4, MidpointRounding.AwayFromZero), metrics.Aqh);
        Assert.Equal(cume, metrics.UniqueListeners);
        Assert.Equal(Math.Round(minutes, 4, MidpointRounding.AwayFromZero), metrics.ListenMinutes);
        Assert.True(metrics.Aqh > 0, "the random sessions give the daypart an audience");
    }

    [Fact]
    public void Tune_ins_tune_outs_and_retention_as_computed_by_hand()
    {
        // The episode is [0, 2000). L1 0-2000 (whole), L2 -100-1000 then 1500-3000 (comes back),
        // L3 -50-500, L4 300-2500 (joins), a 30 s session of L5 (not net).
        long s = Day0;
        ShowSession S(ulong l, long a, long b) => new(l, s + a, s + b, false, false);
        var sessions = new List<ShowSession> { S(1, 0, 2000), S(2, -100, 1000), S(2, 1500, 3000), S(3, -50, 500), S(4, 300, 2500), S(5, 100, 130) };

        var (metrics, ins, outs) = WindowMetrics.Compute([(s, s + 2000)], sessions, net: true, new Dictionary<ulong, long>(), NewYork);
        var (atStart, shares) = WindowMetrics.Retention(s, s + 2000, sessions, net: true);

        Assert.Equal((4, 3, 3), (metrics.UniqueListeners, ins, outs)); // ins: L1 at 0, L4, L2 again; outs: L1 at the end, L2 at 1000, L3
        Assert.Equal(5, metrics.ActiveSessions);
        Assert.Equal(3, atStart); // L1, L2, L3 (L1 starts at the first second)
        Assert.Equal(21, shares.Count);
        Assert.Equal(1, shares[0]);
        Assert.Equal(1, shares[4]);                         // at 400: all three
        Assert.Equal(Math.Round(2 / 3.0, 4), shares[5]);    // at 500: L3 has left
        Assert.Equal(Math.Round(1 / 3.0, 4), shares[10]);   // at 1000: L2 has left too
        Assert.Equal(Math.Round(2 / 3.0, 4), shares[15]);   // at 1500: L2 is back
        Assert.Equal(Math.Round(2 / 3.0, 4), shares[20]);   // the last second
    }

    [Fact]
    public void A_live_episode_counts_open_sessions_up_to_now_and_never_as_ended()
    {
        // The episode is [0, 3600), now is 1800: L1 open since -600, L2 open since 1000, L3 open since 1770 (30 s: not net yet).
        long s = Day0;
        var sessions = new List<ShowSession> { new(1, s - 600, s + 1800, false, true), new(2, s + 1000, s + 1800, false, true), new(3, s + 1770, s + 1800, false, true) };

        var (metrics, ins, outs) = WindowMetrics.Compute([(s, s + 3600)], sessions, net: true, new Dictionary<ulong, long> { [1] = s - 86400 }, NewYork);

        Assert.Equal((2L, 2L, 1L, 0), (metrics.UniqueListeners, metrics.ActiveSessions, metrics.Sessions, outs)); // L3 not yet
        Assert.Equal(1, ins);
        Assert.Equal(0L, metrics.SessionsEnded);
        Assert.Equal((1800 + 800) / 60.0, metrics.ListenMinutes, 4);
        Assert.Equal(1L, metrics.NewListeners); // L2: never seen before its open session; L1 was seen yesterday
    }

    [Theory]
    [InlineData(7, true)]
    [InlineData(8, true)]
    [InlineData(9, false)]
    public void A_whole_day_window_gives_the_day_aggregates_breakdown_cells_and_session_lengths(int seed, bool net)
    {
        var random = new Random(seed);
        string[] players = ["VLC", "Winamp", "Chrome"], mounts = ["/a", "/b"];
        var facts = RandomSessions(seed, 500)
            .Select(f => f with { Player = players[random.Next(players.Length)], Mount = mounts[random.Next(mounts.Length)] }).ToList();
        var day = DayWindow.For(new DateOnly(2026, 11, 3), NewYork);
        var aggregators = net ? new[] { new DayAggregator(day) } : [new DayAggregator(day), new DayAggregator(day, Traffic.Gross)];
        foreach (var f in facts)
        {
            foreach (var aggregator in aggregators)
            {
                aggregator.Add(f);
            }
        }

        var days = aggregators.Select(a => a.Snapshot()).ToList();
        var (cells, lengths) = WindowMetrics.Breakdown([(day.Start, day.End)], facts, net, Breakdowns.Day);
        var windowCells = cells.Snapshot();

        foreach (var dimension in Breakdowns.Day)
        {
            // a gross day's cells are the net cells plus those of the sessions net traffic leaves out
            var expected = days.SelectMany(d => d.Breakdowns[dimension])
                .GroupBy(c => c.Key)
                .ToDictionary(g => g.Key, g => (g.Sum(c => c.Value.Sessions), g.Sum(c => c.Value.ListenSeconds), ListenerSet.UnionCount([.. g.Select(c => c.Value.Listeners)])));
            var actual = windowCells[dimension].ToDictionary(c => c.Key, c => (c.Value.Sessions, c.Value.ListenSeconds, c.Value.Listeners.Count));
            Assert.Equal(expected.OrderBy(e => e.Key), actual.OrderBy(e => e.Key));
        }

        Assert.NotEmpty(windowCells[Breakdowns.Player]);
        Assert.Equal(days[^1].SessionLengths, lengths);
    }

    [Theory]
    [InlineData(11, true)]
    [InlineData(12, false)]
    public void The_peak_over_several_windows_is_the_most_sessions_at_one_second_of_them(int seed, bool net)
    {
        var facts = RandomSessions(seed, 300);
        // three disjoint windows, given out of order: Monday 06-09, Tuesday 17:00-17:40, Monday 22:00-Tuesday 01:00
        (long, long)[] windows = [(Day0 + 86400 + 17 * 3600, Day0 + 86400 + 17 * 3600 + 2400), (Day0 + 6 * 3600, Day0 + 9 * 3600), (Day0 + 22 * 3600, Day0 + 25 * 3600)];

        var (metrics, _, _) = WindowMetrics.Compute(windows, Shows(facts), net, FirstSeen(facts), NewYork);

        var counted = facts.Where(f => (!net || !f.IsBot) && f.End > f.Start).ToList();
        var (peak, at) = (0, (long?)null);
        foreach (var (from, to) in windows.OrderBy(w => w.Item1))
        {
            for (var t = from; t < to; t++)
            {
                var open = counted.Count(f => f.Start <= t && f.End > t);
                if (open > peak)
                {
                    (peak, at) = (open, t);
                }
            }
        }

        Assert.Equal(peak, metrics.PeakConcurrent);
        Assert.Equal(at, metrics.PeakAt?.ToUnixTimeSeconds());
    }

    [Fact]
    public void A_timeline_finds_the_same_sessions_as_a_scan_of_them_all()
    {
        var random = new Random(13);
        var sessions = Enumerable.Range(0, 2000).Select(_ =>
        {
            var start = Day0 + random.Next(0, 10 * 86400);
            var length = random.Next(10) == 0 ? random.Next(7 * 3600, 3 * 86400) : random.Next(0, 4 * 3600);
            return new ShowSession((ulong)random.Next(1, 500), start, start + length, false, false);
        }).ToList();
        var timeline = new SessionTimeline(sessions);

        for (var i = 0; i < 200; i++)
        {
            var from = Day0 + random.Next(0, 11 * 86400);
            (long, long)[] windows = [(from, from + random.Next(1, 6 * 3600)), (from + 86400, from + 86400 + 3600)];
            var expected = sessions.Where(s => s.Start < windows[1].Item2 && s.End >= from).ToHashSet();

            Assert.Equal(expected, timeline.Within(windows).ToHashSet());
        }
    }

    private static long CoveredSeconds(IEnumerable<SessionFact> sessions, long from, long to)
    {
        var covered = new HashSet<long>();
        foreach (var f in sessions)
        {
            for (var t = Math.Max(f.Start, from); t < Math.Min(f.End, to); t++)
            {
                covered.Add(t);
            }
        }

        return covered.Count;
    }
}
