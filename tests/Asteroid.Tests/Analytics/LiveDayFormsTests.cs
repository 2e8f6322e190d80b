using Asteroid.Analytics;
using Asteroid.Reports;

namespace Asteroid.Tests.Analytics;

/// <summary>A day grain's live answer read in either form gives the same day: the typed form of this
/// release and the JSON form that silos of the previous release send during a rolling upgrade.</summary>
public sealed class LiveDayFormsTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Fact]
    public void The_typed_and_the_legacy_JSON_form_read_as_the_same_day()
    {
        var date = new DateOnly(2026, 10, 25); // a 25-hour day
        var aggregator = new DayAggregator(DayWindow.For(date, Berlin));
        var start = DayWindow.For(date, Berlin).Start;
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            var s = start + random.Next(0, 24 * 3600);
            aggregator.Add(new SessionFact(Guid.NewGuid(), (ulong)random.Next(1, 40), s, s + random.Next(30, 7200), random.Next(20) == 0,
                "main", i % 2 == 0 ? "/a.mp3" : "/b.mp3", i % 3 == 0 ? "DE" : "GB", null, i % 3 == 0 ? "Berlin" : "London", "VLC", "Linux", "desktop"));
        }

        var live = DayStatsCodec.ToLive(aggregator.Snapshot(), openSessions: 3);
        var typed = DayStatsCodec.FromLive(live);
        var legacy = DayStatsCodec.FromLive(live with { Day = null });

        Assert.NotNull(live.LegacyStatsJson);
        Assert.Equal(MetricsCalculator.ForDays([typed], 0, Berlin), MetricsCalculator.ForDays([legacy], 0, Berlin));
        for (var hour = 0; hour < typed.Hours.Length; hour++)
        {
            Assert.Equal(MetricsCalculator.ForHour(typed, hour, 0, Berlin), MetricsCalculator.ForHour(legacy, hour, 0, Berlin));
        }

        Assert.Equal(Flatten(BreakdownRows.All([typed], [])), Flatten(BreakdownRows.All([legacy], [])));
    }

    [Fact]
    public void A_live_day_with_neither_form_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => DayStatsCodec.FromLive(new LiveDayStats(null, 0)));
    }

    private static string Flatten(SummaryBreakdowns breakdowns) => System.Text.Json.JsonSerializer.Serialize(breakdowns);
}
