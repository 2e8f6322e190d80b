using Asteroid.Analytics;

namespace Asteroid.Tests.Analytics;

/// <summary>Property: for random session sets — overlaps, midnight crossings, a DST day, bots, short
/// sessions, one listener on several mounts and days, duplicates and any arrival order — every day,
/// every hour and every range computed incrementally equals the plain recomputation.</summary>
public sealed class IncrementalEqualsRecomputedTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly DateOnly First = new(2026, 10, 31); // 11-01 is 25 hours long in New York
    private static readonly DateOnly Last = new(2026, 11, 2);

    public static TheoryData<int> Seeds()
    {
        var seeds = new TheoryData<int>();
        for (var seed = 1; seed <= 60; seed++)
        {
            seeds.Add(seed);
        }

        return seeds;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_day_hour_and_range_matches_the_reference(int seed) => AssertMatches(seed, Traffic.Net);

    /// <summary>The same property for gross traffic (every session; the reference's own gross rules).</summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_gross_day_hour_and_range_matches_the_reference(int seed) => AssertMatches(seed, Traffic.Gross);

    private static void AssertMatches(int seed, Traffic traffic)
    {
        var random = new Random(seed);
        var sessions = Generate(random, random.Next(1, 60));
        var shuffled = sessions.Concat(sessions.Where(_ => random.Next(4) == 0)).OrderBy(_ => random.Next()).ToList(); // duplicates, any order
        var harness = new AnalyticsHarness(NewYork, sessions, traffic).Feed(shuffled);

        for (var date = First; date <= Last; date = date.AddDays(1))
        {
            var window = DayWindow.For(date, NewYork);
            Assert.Equal(ReferenceMetrics.Compute(sessions, window.Start, window.End, NewYork, traffic), harness.Range(date, date));
            for (var hour = 0; hour < window.Hours; hour++)
            {
                Assert.Equal(ReferenceMetrics.Compute(sessions, window.HourStartUtc(hour), window.HourEndUtc(hour), NewYork, traffic), harness.Hour(date, hour));
            }
        }

        var all = DayWindow.For(First, NewYork).Start;
        var end = DayWindow.For(Last, NewYork).End;
        Assert.Equal(ReferenceMetrics.Compute(sessions, all, end, NewYork, traffic), harness.Range(First, Last));
        Assert.Equal(ReferenceMetrics.Compute(sessions, DayWindow.For(First.AddDays(1), NewYork).Start, end, NewYork, traffic), harness.Range(First.AddDays(1), Last));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Breakdowns_over_a_range_match_the_reference(int seed)
    {
        var random = new Random(seed);
        var sessions = Generate(random, random.Next(1, 60));
        var harness = new AnalyticsHarness(NewYork, sessions).Feed(sessions.OrderBy(_ => random.Next()));
        var days = Enumerable.Range(0, 3).Select(i => harness.Day(First.AddDays(i))).ToList();
        var (from, to) = (days[0].Start, days[^1].End);

        // Country and city cells are the geo grain's (GeoDayAggregator); the rest stay with the day's metrics.
        var geo = Enumerable.Range(0, 3).Select(i => harness.Geo(First.AddDays(i))).ToList();
        foreach (var dimension in new[] { Breakdowns.Country, Breakdowns.City, Breakdowns.Player, Breakdowns.Mount })
        {
            var cells = Breakdowns.Geo.Contains(dimension) ? geo.Select(g => g.Cells[dimension]) : days.Select(d => d.Breakdowns[dimension]);
            var expected = sessions.Where(s => s.Qualifies && s.Start < to && s.End > from && s.End > s.Start)
                .GroupBy(s => Breakdowns.Of(s).First(b => b.Dimension == dimension).Value)
                .ToDictionary(g => g.Key, g => (
                    Uniques: (long)g.Select(s => s.Listener).Distinct().Count(),
                    Sessions: (long)g.Count(s => s.Start >= from),
                    Seconds: g.Sum(s => Math.Min(s.End, to) - Math.Max(s.Start, from))));
            var actual = cells.SelectMany(c => c).GroupBy(c => c.Key).ToDictionary(g => g.Key, g => (
                Uniques: ListenerSet.UnionCount(g.Select(c => c.Value.Listeners).ToList()),
                Sessions: g.Sum(c => c.Value.Sessions),
                Seconds: g.Sum(c => c.Value.ListenSeconds)));

            Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), actual.OrderBy(a => a.Key, StringComparer.Ordinal));
        }
    }

    private static List<SessionFact> Generate(Random random, int count)
    {
        var start = DayWindow.For(First, NewYork).Start - 3 * 3600;
        var span = DayWindow.For(Last, NewYork).End + 2 * 3600 - start;
        var listeners = Enumerable.Range(0, random.Next(1, 8)).Select(_ => (ulong)random.NextInt64()).ToArray();
        return Enumerable.Range(0, count).Select(_ =>
        {
            var s = start + random.NextInt64(span);
            var duration = random.Next(5) switch
            {
                0 => random.Next(0, 120),              // around the 60 s line
                1 => random.Next(50, 70),
                2 => random.Next(120, 1200),           // quarter-hour scale
                3 => random.Next(1200, 4 * 3600),
                _ => random.Next(3600, 30 * 3600),     // across midnight, the long DST day
            };
            return new SessionFact(Guid.NewGuid(), listeners[random.Next(listeners.Length)], s, s + duration, random.Next(10) == 0,
                "main", random.Next(2) == 0 ? "/live.mp3" : "/live.aac", random.Next(3) == 0 ? null : "GB", null, null,
                random.Next(2) == 0 ? "VLC" : "Winamp", "Other", "desktop");
        }).ToList();
    }
}
