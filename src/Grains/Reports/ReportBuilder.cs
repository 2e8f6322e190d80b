using Asteroid.Analytics;

namespace Asteroid.Reports;

/// <summary>The report records from a request's loaded days: no I/O, only the metrics calculator
/// (sums, maxima and set unions, so a range is exactly what its sessions say).</summary>
public static class ReportBuilder
{
    public static DailyReport Daily(ReportDays data) =>
        new(data.Scope.Header, [.. data.Days.Select(d => new DayMetrics(d.Date, data.Day(d)))], data.Total());

    /// <summary>Every hour of the range; for a range (not a single date) with hour-of-day and
    /// day-of-week profiles: per local hour (or weekday) the average of its hours (days), the
    /// highest peak.</summary>
    public static HourlyReport Hourly(ReportDays data)
    {
        var hours = new List<HourMetrics>();
        foreach (var day in data.Days)
        {
            var window = DayWindow.For(day.Date, data.Scope.Zone);
            for (var h = 0; h < day.Hours.Length; h++)
            {
                hours.Add(new HourMetrics(window.HourStart(h), data.Hour(day, h)));
            }
        }

        if (data.Scope.SingleDate)
        {
            return new HourlyReport(data.Scope.Header, hours, null, null, data.Total());
        }

        var hourOfDay = hours.GroupBy(h => h.Start.Hour).OrderBy(g => g.Key)
            .Select(g => new HourOfDayProfile(g.Key, Profile([.. g.Select(x => x.Metrics)])));
        var dayOfWeek = data.Days.Select(d => (d.Date.DayOfWeek, Metrics: data.Day(d)))
            .GroupBy(d => d.DayOfWeek).OrderBy(g => ((int)g.Key + 6) % 7)
            .Select(g => new DayOfWeekProfile(g.Key.ToString(), Profile([.. g.Select(x => x.Metrics)])));
        return new HourlyReport(data.Scope.Header, hours, [.. hourOfDay], [.. dayOfWeek], data.Total());
    }

    public static GeoReport Geo(ReportHeader header, GeoDays geo) =>
        new(header, GeoRows.CountriesOf(geo.Cells), UniqueListenersExact: true); // stored days keep exact sets

    /// <summary>Totals and session lengths from the day metrics; countries and cities from the geo days.</summary>
    public static SummaryReport Summary(ReportDays data, GeoDays geo) => new(
        data.Scope.Header,
        data.Total(),
        [.. Enumerable.Range(0, SessionLengthBuckets.Names.Length).Select(i => data.Days.Sum(d => d.SessionLengths[i]))],
        BreakdownRows.WithGeoCells(data.Days, geo.Cells));

    private static ProfileMetrics Profile(List<Metrics> periods) => new(
        periods.Count,
        MetricsCalculator.Round4(periods.Average(m => m.Sessions)),
        MetricsCalculator.Round4(periods.Average(m => m.ActiveSessions)),
        MetricsCalculator.Round4(periods.Average(m => m.UniqueListeners)),
        MetricsCalculator.Round4(periods.Average(m => m.ListenMinutes)),
        MetricsCalculator.Round4(periods.Average(m => m.Aqh)),
        MetricsCalculator.Round4(periods.Average(m => m.Aas)),
        periods.Max(m => m.PeakConcurrent));
}
