using Asteroid.Analytics;

namespace Asteroid.Tests.Analytics;

/// <summary>The rule that counts listeners of open qualifying sessions as new, hand-computed. The
/// range is one day from <see cref="From"/> in hour slots; "now" is 10:30 of that day.</summary>
public sealed class OpenNewListenersTests
{
    private const long From = 1_795_000_000 - 1_795_000_000 % 86_400; // a UTC midnight
    private const long To = From + 86_400;
    private const long Hour = 3600;
    private const long Now = From + 10 * Hour + 1800;

    [Fact]
    public void A_listener_without_a_first_seen_row_is_new_in_the_hour_its_open_session_started()
    {
        var open = Open(Session(1, From + 9 * Hour + 120)); // 09:02, 88 minutes up to now

        var adjusted = OpenNewListeners.Adjust(new Dictionary<long, long> { [3] = 2 }, open, new Dictionary<ulong, long>(), From, To, Hour);

        Assert.Equal(new Dictionary<long, long> { [3] = 2, [9] = 1 }, adjusted);
    }

    [Fact]
    public void A_listener_first_seen_before_its_open_session_is_unchanged()
    {
        var open = Open(Session(1, From + 9 * Hour));
        var perSlot = new Dictionary<long, long> { [7] = 1 };

        var earlierToday = OpenNewListeners.Adjust(perSlot, open, new Dictionary<ulong, long> { [1] = From + 7 * Hour + 5 }, From, To, Hour);
        var yesterday = OpenNewListeners.Adjust(perSlot, open, new Dictionary<ulong, long> { [1] = From - 5 * Hour }, From, To, Hour);
        var sameSecond = OpenNewListeners.Adjust(new Dictionary<long, long> { [9] = 1 }, open, new Dictionary<ulong, long> { [1] = From + 9 * Hour }, From, To, Hour);

        Assert.Equal(perSlot, earlierToday);
        Assert.Equal(perSlot, yesterday);
        Assert.Equal(new Dictionary<long, long> { [9] = 1 }, sameSecond);
    }

    [Fact]
    public void A_listener_first_seen_after_its_open_start_moves_to_the_open_starts_hour()
    {
        // Open since 08:10; a later session of it (10:05, already finished) wrote the row.
        var open = Open(Session(1, From + 8 * Hour + 600));

        var moved = OpenNewListeners.Adjust(new Dictionary<long, long> { [10] = 1 }, open, new Dictionary<ulong, long> { [1] = From + 10 * Hour + 300 }, From, To, Hour);

        Assert.Equal(new Dictionary<long, long> { [8] = 1, [10] = 0 }, moved);
    }

    [Fact]
    public void An_open_session_started_before_the_range_makes_a_later_row_not_new_in_it()
    {
        var open = Open(Session(1, From - 2 * Hour)); // open since 22:00 the day before

        var none = OpenNewListeners.Adjust(new Dictionary<long, long>(), open, new Dictionary<ulong, long>(), From, To, Hour);
        var moved = OpenNewListeners.Adjust(new Dictionary<long, long> { [4] = 1 }, open, new Dictionary<ulong, long> { [1] = From + 4 * Hour }, From, To, Hour);

        Assert.Empty(none);
        Assert.Equal(new Dictionary<long, long> { [4] = 0 }, moved);
    }

    [Fact]
    public void Bot_and_under_60_second_open_sessions_are_ignored()
    {
        var qualifying = OpenNewListeners.Qualifying(
        [
            Session(1, From + 9 * Hour, bot: true),
            Session(2, Now - 59),
            Session(3, Now - 60),
            Session(4, Now + 5), // a start after "now" (clock skew): 0 s so far
        ], Now);

        Assert.Equal([new OpenListenerStart(3, Now - 60)], qualifying);
    }

    [Fact]
    public void Two_open_sessions_of_one_listener_count_once_from_the_earlier_start()
    {
        var qualifying = OpenNewListeners.Qualifying([Session(1, From + 9 * Hour + 600), Session(1, From + 8 * Hour), Session(1, Now - 10)], Now);
        // The same listener open on two live days (yesterday's grain and today's) is one listener too.
        var earliest = OpenNewListeners.Earliest([.. qualifying, new OpenListenerStart(1, From + 9 * Hour)]);

        Assert.Equal([new OpenListenerStart(1, From + 8 * Hour)], qualifying);
        Assert.Equal(new Dictionary<long, long> { [8] = 1 },
            OpenNewListeners.Adjust(new Dictionary<long, long>(), earliest, new Dictionary<ulong, long>(), From, To, Hour));
    }

    private static Dictionary<ulong, long> Open(params SessionFact[] sessions) => OpenNewListeners.Earliest(OpenNewListeners.Qualifying(sessions, Now));

    /// <summary>An open session as the aggregation feed sends it: its end is not known (= its start).</summary>
    private static SessionFact Session(ulong listener, long start, bool bot = false) =>
        new(Guid.NewGuid(), listener, start, start, bot, "main", "/live.mp3", null, null, null, "VLC", "Linux", "desktop");
}
