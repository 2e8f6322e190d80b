using Asteroid.Analytics;
using Asteroid.Reports;

namespace Asteroid.Web.Reports;

/// <summary>The relative change of each figure of a period against the compared period:
/// (current − compared) / compared, 4 decimals; null when the compared figure is 0 or unknown
/// (docs/metrics.md, "Comparisons").</summary>
public sealed class MetricsChange(Metrics current, Metrics compared)
{
    public double? Sessions => Comparison.Change(current.Sessions, compared.Sessions);
    public double? ShortSessions => Comparison.Change(current.ShortSessions, compared.ShortSessions);
    public double? BotSessions => Comparison.Change(current.BotSessions, compared.BotSessions);
    public double? ActiveSessions => Comparison.Change(current.ActiveSessions, compared.ActiveSessions);
    public double? UniqueListeners => Comparison.Change(current.UniqueListeners, compared.UniqueListeners);
    public double? ListenMinutes => Comparison.Change(current.ListenMinutes, compared.ListenMinutes);
    public double? AvgSessionMinutes => Comparison.Change(current.AvgSessionMinutes, compared.AvgSessionMinutes);
    public double? TslMinutes => Comparison.Change(current.TslMinutes, compared.TslMinutes);
    public double? Aas => Comparison.Change(current.Aas, compared.Aas);
    public double? Aqh => Comparison.Change(current.Aqh, compared.Aqh);
    public double? PeakConcurrent => Comparison.Change(current.PeakConcurrent, compared.PeakConcurrent);
    public double? NewListeners => Comparison.Change(current.NewListeners, compared.NewListeners);
    public double? ReturningListeners => Comparison.Change(current.ReturningListeners, compared.ReturningListeners);
    public double? BounceRate => Comparison.Change(current.BounceRate, compared.BounceRate);
}

/// <summary><c>compare</c> of <c>/stats/daily</c>: the compared period's days and total, and the change of the total.</summary>
public sealed class DailyCompare(DailyReport current, DailyReport compared)
{
    public DateOnly From => compared.Header.From;
    public DateOnly To => compared.Header.To;
    public IEnumerable<DailyRow> Days => compared.Days.Select(d => new DailyRow(d));
    public Metrics Total => compared.Total;
    public MetricsChange Change => new(current.Total, compared.Total);
}

/// <summary><c>compare</c> of <c>/stats/hourly</c>: the compared period's hours, and the change of the range's totals.</summary>
public sealed class HourlyCompare(HourlyReport current, HourlyReport compared)
{
    public DateOnly From => compared.Header.From;
    public DateOnly To => compared.Header.To;
    public IEnumerable<HourlyRow> Hours => compared.Hours.Select(h => new HourlyRow(h));
    public MetricsChange? Change => current.Total is { } a && compared.Total is { } b ? new(a, b) : null;
}

/// <summary><c>compare</c> of <c>/stats/summary</c>: the compared period's metrics and session lengths, and the change.</summary>
public sealed class SummaryCompare(SummaryReport current, SummaryReport compared) : MetricsFields(compared.Total)
{
    [System.Text.Json.Serialization.JsonPropertyOrder(-2)]
    public DateOnly From => compared.Header.From;

    [System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public DateOnly To => compared.Header.To;

    [System.Text.Json.Serialization.JsonPropertyOrder(1)]
    public SessionLengthsResponse SessionLengths => new(compared.SessionLengths);

    [System.Text.Json.Serialization.JsonPropertyOrder(2)]
    public MetricsChange Change => new(current.Total, compared.Total);
}

/// <summary><c>compare</c> of <c>/stats/geo</c>: the compared period's countries (a change per country is the caller's: rows differ).</summary>
public sealed class GeoCompare(GeoReport compared)
{
    public DateOnly From => compared.Header.From;
    public DateOnly To => compared.Header.To;
    public IReadOnlyList<CountryRow> Countries => compared.Countries;
}
