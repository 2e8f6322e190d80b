using Asteroid.Analytics;

namespace Asteroid.Tests.Analytics;

/// <summary>Feeds sessions to one aggregator per local day (as the grains are fed: each session to
/// every day it starts in or overlaps) and reads metrics back through the calculator, in the
/// traffic given (the day grains keep both: <see cref="TrafficDayAggregator"/>).</summary>
public sealed class AnalyticsHarness(TimeZoneInfo zone, IReadOnlyList<SessionFact> sessions, Traffic traffic = Traffic.Net)
{
    private readonly Dictionary<DateOnly, TrafficDayAggregator> _days = [];
    private readonly Dictionary<DateOnly, GeoDayAggregator> _geo = [];

    public TimeZoneInfo Zone => zone;

    public AnalyticsHarness Feed(IEnumerable<SessionFact> facts)
    {
        foreach (var fact in facts)
        {
            foreach (var date in DaysOf(fact))
            {
                if (!_days.TryGetValue(date, out var day))
                {
                    day = new TrafficDayAggregator(DayWindow.For(date, zone));
                    _days[date] = day;
                }

                day.Add(fact);
                if (!_geo.TryGetValue(date, out var geo))
                {
                    geo = new GeoDayAggregator(DayWindow.For(date, zone));
                    _geo[date] = geo;
                }

                geo.Add(fact);
            }
        }

        return this;
    }

    public DayStats Day(DateOnly date) =>
        (_days.TryGetValue(date, out var day) ? day : new TrafficDayAggregator(DayWindow.For(date, zone))).Snapshot().For(traffic)!;

    /// <summary>The date's country and city cells, as its geo grain keeps them.</summary>
    public GeoDay Geo(DateOnly date) =>
        (_geo.TryGetValue(date, out var day) ? day : new GeoDayAggregator(DayWindow.For(date, zone))).Snapshot();

    public Metrics Range(DateOnly from, DateOnly to)
    {
        var days = new List<DayStats>();
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            days.Add(Day(d));
        }

        return MetricsCalculator.ForDays(days, ReferenceMetrics.NewListeners(sessions, days[0].Start, days[^1].End), zone, traffic);
    }

    public Metrics Hour(DateOnly date, int hour)
    {
        var day = Day(date);
        var window = DayWindow.For(date, zone);
        return MetricsCalculator.ForHour(day, hour, ReferenceMetrics.NewListeners(sessions, window.HourStartUtc(hour), window.HourEndUtc(hour)), zone, traffic);
    }

    public IEnumerable<DateOnly> DaysOf(SessionFact f)
    {
        var first = DayWindow.DateOf(f.Start, zone);
        var last = DayWindow.DateOf(Math.Max(f.Start, f.End - 1), zone);
        for (var d = first; d <= last; d = d.AddDays(1))
        {
            yield return d;
        }
    }
}
