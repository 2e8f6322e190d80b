using Asteroid.Analytics;

namespace Asteroid.Tests.Analytics;

/// <summary>The cell accumulation the day grain (player, OS, device, mount) and the geo grain
/// (country, city) share.</summary>
public sealed class BreakdownCellsTests
{
    private static readonly DayWindow Day = DayWindow.For(new(2026, 11, 20), TimeZoneInfo.Utc);

    [Fact]
    public void Cells_count_sessions_seconds_and_distinct_listeners_per_value_in_their_dimensions_only()
    {
        var cells = new BreakdownCells(Breakdowns.Geo);
        cells.Add(Fact(1, "DE", "Berlin", "VLC"), 600, startsToday: true);
        cells.Add(Fact(1, "DE", "Berlin", "VLC"), 300, startsToday: true);
        cells.Add(Fact(2, "DE", "Hamburg", "VLC"), 120, startsToday: false);
        cells.Add(Fact(3, null, null, "VLC"), 60, startsToday: true);

        var snapshot = cells.Snapshot();

        Assert.Equal(["city", "country"], snapshot.Keys.Order(StringComparer.Ordinal));
        var de = snapshot["country"]["DE"];
        Assert.Equal((2L, 1020L, 2L), (de.Sessions, de.ListenSeconds, de.Listeners.Count));
        Assert.Equal((0L, 120L, 1L), (snapshot["city"][Breakdowns.CityKey("DE", null, "Hamburg")].Sessions,
            snapshot["city"][Breakdowns.CityKey("DE", null, "Hamburg")].ListenSeconds, snapshot["city"][Breakdowns.CityKey("DE", null, "Hamburg")].Listeners.Count));
        Assert.Equal(1L, snapshot["country"][""].Sessions); // unknown location is the empty value
    }

    [Fact]
    public void A_clone_is_independent_of_the_original()
    {
        var cells = new BreakdownCells(Breakdowns.Day);
        cells.Add(Fact(1, "DE", "Berlin", "VLC"), 600, startsToday: true);
        var copy = cells.Clone();
        copy.Add(Fact(2, "DE", "Berlin", "VLC"), 60, startsToday: true);

        Assert.Equal((1L, 600L, 1L), (cells.Snapshot()["player"]["VLC"].Sessions, cells.Snapshot()["player"]["VLC"].ListenSeconds, cells.Snapshot()["player"]["VLC"].Listeners.Count));
        Assert.Equal((2L, 660L, 2L), (copy.Snapshot()["player"]["VLC"].Sessions, copy.Snapshot()["player"]["VLC"].ListenSeconds, copy.Snapshot()["player"]["VLC"].Listeners.Count));
        Assert.DoesNotContain("country", copy.Snapshot().Keys);
    }

    [Fact]
    public void The_day_keeps_no_geo_cells_and_the_geo_day_the_same_geo_cells_the_day_kept_before()
    {
        // 23:50 → 00:20 UTC: 10 minutes on the first day (a session of it), 20 on the next (carried in); a short one and a bot count nowhere.
        var across = Fact(1, "FR", "Paris", "VLC") with { Start = Day.End - 600, End = Day.End + 1200 };
        var shortOne = Fact(2, "FR", "Paris", "VLC") with { Start = Day.Start + 100, End = Day.Start + 130 };
        var bot = Fact(3, "FR", "Paris", "VLC") with { IsBot = true, Start = Day.Start + 100, End = Day.Start + 4000 };
        var next = DayWindow.For(Day.Date.AddDays(1), TimeZoneInfo.Utc);
        var (day, geo, geoNext) = (new DayAggregator(Day), new GeoDayAggregator(Day), new GeoDayAggregator(next));
        foreach (var f in new[] { across, shortOne, bot, across })
        {
            day.Add(f);
            geo.Add(f);
            geoNext.Add(f);
        }

        Assert.Equal(Breakdowns.Day.Order(StringComparer.Ordinal), day.Snapshot().Breakdowns.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(3, geo.SessionCount);
        var paris = geo.Snapshot().Cells["city"][Breakdowns.CityKey("FR", null, "Paris")];
        Assert.Equal((1L, 600L, 1L), (paris.Sessions, paris.ListenSeconds, paris.Listeners.Count));
        var carried = geoNext.Snapshot().Cells["country"]["FR"];
        Assert.Equal((0L, 1200L, 1L), (carried.Sessions, carried.ListenSeconds, carried.Listeners.Count));
        Assert.Equal(day.Snapshot().Breakdowns["player"]["VLC"].ListenSeconds, paris.ListenSeconds);
    }

    [Fact]
    public void A_geo_day_survives_its_stored_and_wire_forms()
    {
        var geo = new GeoDayAggregator(Day);
        geo.Add(Fact(1, "DE", "Berlin", "VLC"));
        geo.Add(Fact(2, "AT", "Wien", "VLC"));
        var snapshot = geo.Snapshot();

        foreach (var copy in new[] { GeoDay.FromJson(Day.Date, snapshot.ToJson()), GeoDay.FromData(snapshot.ToData()) })
        {
            Assert.Equal(Day.Date, copy.Date);
            Assert.Equal(Describe(snapshot), Describe(copy));
        }

        static IEnumerable<string> Describe(GeoDay d) => d.Cells
            .SelectMany(dim => dim.Value.Select(c => $"{dim.Key}|{c.Key}|{c.Value.Sessions}|{c.Value.ListenSeconds}|{string.Join(",", Convert.ToHexString(c.Value.ListenerBytes))}"))
            .Order(StringComparer.Ordinal);
    }

    private static SessionFact Fact(int listener, string? country, string? city, string player) =>
        new(Guid.NewGuid(), (ulong)listener, Day.Start + 3600, Day.Start + 4200, false, "main", "/live.mp3", country, null, city, player, "Linux", "desktop");
}
