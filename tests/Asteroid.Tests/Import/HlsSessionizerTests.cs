using Asteroid.Import;
using Asteroid.Sessions;

namespace Asteroid.Tests.Import;

public sealed class HlsSessionizerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Target = TimeSpan.FromSeconds(6);
    private static readonly ListenerProfile Anna = Listener("anna");
    private static readonly ListenerProfile Ben = Listener("ben");

    [Fact]
    public void Requests_under_the_gap_are_one_session_from_the_first_request_to_the_last_segment_end_with_bytes_summed()
    {
        var requests = new[]
        {
            Playlist("/hls/live", Anna, 0), Segment("/hls/live", Anna, 1, 1000), Playlist("/hls/live", Anna, 6), Segment("/hls/live", Anna, 7, 1000),
            Segment("/hls/live", Anna, 36, 1000), // 29 s gap: still under 30
            Playlist("/hls/live", Anna, 40),
        };

        var session = Assert.Single(Run(requests));

        Assert.Equal((T0, T0.AddSeconds(36 + 6)), (session.Start, session.End));
        Assert.Equal((3000L, 6, 3), (session.Bytes, session.Requests, session.Segments));
    }

    [Fact]
    public void A_gap_of_the_limit_or_more_starts_a_new_session()
    {
        var sessions = Run([Segment("/hls/live", Anna, 0, 10), Segment("/hls/live", Anna, 30, 10), Segment("/hls/live", Anna, 59, 10)]);

        Assert.Equal([(T0, T0.AddSeconds(6)), (T0.AddSeconds(30), T0.AddSeconds(65))], sessions.Select(s => (s.Start, s.End)));
    }

    [Fact]
    public void Listeners_and_streams_are_grouped_apart_and_playlists_alone_are_no_session()
    {
        var sizer = new HlsSessionizer(Target, HlsSessionizer.DefaultGap(Target));

        var sessions = Run(sizer, [Segment("/hls/live", Anna, 0, 1), Segment("/hls/live", Ben, 1, 2), Segment("/hls/jazz", Anna, 2, 4), Playlist("/hls", Anna, 0)]);

        Assert.Equal([("/hls/live", "anna", 1L), ("/hls/live", "ben", 2L), ("/hls/jazz", "anna", 4L)],
            sessions.Select(s => (s.Mount, s.Listener.ListenerKey, s.Bytes)));
        Assert.Equal(1, sizer.PlaylistOnly);
    }

    [Fact]
    public void The_order_of_requests_within_the_gap_does_not_change_the_sessions()
    {
        var requests = Enumerable.Range(0, 40).Select(i => Segment("/hls/live", i % 2 == 0 ? Anna : Ben, i * 6, 100)).ToList();

        var sorted = Run(requests);
        var shuffled = Run(requests.Select((r, i) => (r, i)).OrderBy(p => p.i ^ 3).Select(p => p.r).ToList()); // neighbours swapped: up to 18 s apart

        Assert.Equal(sorted.OrderBy(s => s.Listener.ListenerKey), shuffled.OrderBy(s => s.Listener.ListenerKey));
    }

    [Fact]
    public void A_session_spanning_two_rotated_files_is_two_sessions_whatever_the_order_and_however_often_they_are_imported()
    {
        // Anna listens 10:00:00 to 10:02:00; the log rotates at 10:01:00.
        var all = Enumerable.Range(0, 21).Select(i => Segment("/hls/live", Anna, i * 6, 100)).ToList();
        var first = all.Where(r => r.At < T0.AddMinutes(1)).ToList();
        var second = all.Where(r => r.At >= T0.AddMinutes(1)).ToList();

        var inOrder = Run(first).Concat(Run(second)).ToList();
        var reversed = Run(second).Concat(Run(first)).Concat(Run(second)).Distinct().ToList();

        Assert.Equal([(T0, T0.AddSeconds(54 + 6)), (T0.AddSeconds(60), T0.AddSeconds(120 + 6))], inOrder.Select(s => (s.Start, s.End)));
        Assert.Equal(inOrder.OrderBy(s => s.Start), reversed.OrderBy(s => s.Start));
        Assert.Equal(2100L, inOrder.Sum(s => s.Bytes)); // no byte counted twice, none lost
    }

    [Fact]
    public void An_idle_group_is_closed_as_the_log_moves_on_so_memory_stays_bounded()
    {
        var sizer = new HlsSessionizer(Target, TimeSpan.FromSeconds(30));

        Assert.Empty(sizer.Add(Segment("/hls/live", Anna, 0, 1)));
        var closed = sizer.Add(Segment("/hls/live", Ben, 3600, 1));

        Assert.Equal("anna", Assert.Single(closed).Listener.ListenerKey);
        Assert.Equal("ben", Assert.Single(sizer.Flush()).Listener.ListenerKey);
    }

    [Theory]
    [InlineData(2, 30)]
    [InlineData(6, 30)]
    [InlineData(20, 40)]
    public void The_default_gap_is_twice_the_target_and_at_least_30_seconds(int target, int gap)
    {
        Assert.Equal(TimeSpan.FromSeconds(gap), HlsSessionizer.DefaultGap(TimeSpan.FromSeconds(target)));
    }

    private static List<HlsSession> Run(IReadOnlyList<HlsRequest> requests) => Run(new HlsSessionizer(Target, HlsSessionizer.DefaultGap(Target)), requests);

    private static List<HlsSession> Run(HlsSessionizer sizer, IReadOnlyList<HlsRequest> requests)
    {
        var sessions = requests.SelectMany(sizer.Add).ToList();
        sessions.AddRange(sizer.Flush());
        return sessions;
    }

    private static HlsRequest Segment(string mount, ListenerProfile who, double seconds, long bytes) => new(mount, who, T0.AddSeconds(seconds), true, bytes);

    private static HlsRequest Playlist(string mount, ListenerProfile who, double seconds) => new(mount, who, T0.AddSeconds(seconds), false, 0);

    private static ListenerProfile Listener(string key) => new(key, null, null, null, null, null, null, "VLC", "Linux", "Desktop", false);
}
