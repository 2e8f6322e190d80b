using Asteroid.Shows;

namespace Asteroid.Tests.Shows;

/// <summary>Parts of disjoint windows combine into exactly the metrics of their union
/// (<see cref="WindowPart.Combine"/> against <see cref="WindowMetrics.Compute"/> over the union),
/// on random sessions (bots, short, zero-length, open, identical twins, sessions over several
/// episodes and touching their edges) and random episodes, some cut into several windows as a
/// daypart cuts them; first-seen holds every finished qualifying session (and, for some listeners,
/// an earlier history), as the aggregation feed keeps it.</summary>
public sealed class WindowPartTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly long Day0 = new DateTimeOffset(2026, 11, 2, 5, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
    private const long Now = 3 * 86400;

    public static TheoryData<int, bool> Seeds()
    {
        var data = new TheoryData<int, bool>();
        for (var seed = 1; seed <= 60; seed++)
        {
            data.Add(seed, seed % 3 != 0);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Episodes_combined_equal_the_union_computed_directly(int seed, bool net)
    {
        var random = new Random(seed);
        var episodes = RandomEpisodes(random);
        var sessions = RandomSessions(random, episodes);
        var firstSeen = FirstSeen(random, sessions);
        var timeline = new SessionTimeline(sessions);
        var parts = episodes.Select(e => WindowMetrics.Part(e, timeline, net, firstSeen)).ToList();

        // every episode alone, the whole set (the grand total) and random subsets (a show's total)
        for (var i = 0; i < episodes.Count; i++)
        {
            Assert.Equal(WindowMetrics.Compute(episodes[i], timeline.Within(episodes[i]), net, firstSeen, NewYork),
                WindowMetrics.Print(parts[i], net, NewYork));
        }

        List<List<int>> subsets = [[.. Enumerable.Range(0, episodes.Count)], []];
        for (var k = 0; k < 4; k++)
        {
            subsets.Add([.. Enumerable.Range(0, episodes.Count).Where(_ => random.Next(2) == 0)]);
        }

        foreach (var subset in subsets)
        {
            var windows = subset.SelectMany(i => episodes[i]).ToList();
            var direct = WindowMetrics.Compute(windows, timeline.Within(windows), net, firstSeen, NewYork);
            var combined = WindowMetrics.Print(WindowPart.Combine([.. subset.Select(i => parts[i])]), net, NewYork);
            Assert.Equal(direct, combined);
        }
    }

    [Fact]
    public void A_session_over_two_episodes_is_one_active_session_of_their_total()
    {
        List<(long, long)> first = [(Day0, Day0 + 3600)], second = [(Day0 + 3600, Day0 + 7200)];
        List<ShowSession> sessions = [new(1, Day0 + 1800, Day0 + 5400, false, false), new(2, Day0 + 100, Day0 + 700, false, false)];
        var total = WindowPart.Combine([WindowMetrics.Part(first, sessions, true, new Dictionary<ulong, long>()),
            WindowMetrics.Part(second, sessions, true, new Dictionary<ulong, long>())]);

        Assert.Equal((2L, 2, 70L * 60), (total.ActiveSessions, total.Listeners.Length, total.Seconds));
        Assert.Equal(3L, WindowMetrics.Part(first, sessions, true, new Dictionary<ulong, long>()).ActiveSessions
            + WindowMetrics.Part(second, sessions, true, new Dictionary<ulong, long>()).ActiveSessions);
    }

    /// <summary>Disjoint episodes over three days, in order; a third of them cut into two or three windows.</summary>
    private static List<List<(long From, long To)>> RandomEpisodes(Random random)
    {
        var episodes = new List<List<(long From, long To)>>();
        var t = Day0 + random.Next(0, 3600);
        while (t < Day0 + Now - 4 * 3600)
        {
            var length = random.Next(4) switch { 0 => random.Next(60, 1800), 1 => 3600, _ => random.Next(1800, 5 * 3600) };
            var windows = new List<(long From, long To)>();
            if (random.Next(3) == 0 && length > 1200)
            {
                // cut: keep some pieces of it
                var from = t;
                while (from < t + length)
                {
                    var piece = Math.Min(t + length, from + random.Next(300, 2400));
                    if (random.Next(3) > 0)
                    {
                        windows.Add((from, piece));
                    }

                    from = piece + random.Next(0, 2) * random.Next(1, 900);
                }
            }
            else
            {
                windows.Add((t, t + length));
            }

            if (windows.Count > 0)
            {
                episodes.Add(windows);
            }

            t += length + random.Next(3) switch { 0 => 0, 1 => random.Next(1, 900), _ => random.Next(900, 4 * 3600) };
        }

        return episodes;
    }

    private static List<ShowSession> RandomSessions(Random random, List<List<(long From, long To)>> episodes)
    {
        var edges = episodes.SelectMany(e => e).SelectMany(w => new[] { w.From, w.To }).ToList();
        var sessions = new List<ShowSession>();
        for (var i = 0; i < 400; i++)
        {
            // a third start or end on a window edge
            var start = random.Next(3) == 0 ? edges[random.Next(edges.Count)] - random.Next(0, 2) * random.Next(0, 600) : Day0 + random.Next(-3600, (int)Now);
            var length = random.Next(6) switch
            {
                0 => random.Next(0, 3) == 0 ? 0 : random.Next(0, 120),
                1 => random.Next(120, 1200),
                2 => random.Next(5 * 3600, 9 * 3600), // over several episodes, past the timeline's short sessions
                _ => random.Next(1200, 4 * 3600),
            };
            var open = random.Next(25) == 0;
            var session = new ShowSession((ulong)random.Next(1, 60), start, open ? Math.Max(start, Day0 + Now) : start + length, random.Next(15) == 0, open);
            sessions.Add(session);
            if (random.Next(30) == 0)
            {
                sessions.Add(session); // an identical twin (the same listener on two mounts)
            }
        }

        return sessions;
    }

    private static Dictionary<ulong, long> FirstSeen(Random random, List<ShowSession> sessions)
    {
        var firstSeen = sessions.Where(s => s.Qualifies && !s.Open).GroupBy(s => s.Listener).ToDictionary(g => g.Key, g => g.Min(s => s.Start));
        for (ulong listener = 1; listener < 60; listener += (ulong)random.Next(1, 8))
        {
            firstSeen[listener] = Day0 - random.Next(1, 86400 * 30); // heard before these days
        }

        return firstSeen;
    }
}
