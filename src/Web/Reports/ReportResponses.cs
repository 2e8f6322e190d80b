using System.Globalization;
using System.Text.Json.Serialization;
using Asteroid.Analytics;
using Asteroid.Reports;

namespace Asteroid.Web.Reports;

/// <summary>The fields every report starts with: the scope (<c>station</c>, <c>mount</c>,
/// <c>server</c>, <c>group</c> or <c>network</c>), the station (absent for a server, group or the
/// network) and the scope's time zone, the range, for a mount or server report its server (and
/// mount), for a group its id, and <c>rebuilding</c> while the scope's history is being rebuilt.</summary>
public abstract class ReportResponse(ReportHeader header)
{
    [JsonPropertyOrder(-11)]
    public string Scope => header.Scope;

    [JsonPropertyOrder(-10), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Station => header.Station is { Length: > 0 } station ? station : null;

    [JsonPropertyOrder(-5), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Group => header.Group;

    [JsonPropertyOrder(-4), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RebuildProgress? Rebuilding => header.Rebuilding;

    [JsonPropertyOrder(-9)]
    public string TimeZone => header.TimeZone;

    [JsonPropertyOrder(-8)]
    public DateOnly From => header.From;

    [JsonPropertyOrder(-7)]
    public DateOnly To => header.To;

    [JsonPropertyOrder(-6), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Server => header.Server;

    [JsonPropertyOrder(-5), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Mount => header.Mount;
}

/// <summary><c>/stats/daily</c>.</summary>
public sealed class DailyStatsResponse(DailyReport report, DailyCompare? compare = null) : ReportResponse(report.Header)
{
    public IEnumerable<DailyRow> Days => report.Days.Select(d => new DailyRow(d));

    public Metrics Total => report.Total;

    /// <summary>With <c>compare=</c>: the compared period and the change.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DailyCompare? Compare => compare;
}

/// <summary>One local day: <c>date</c> and its metrics.</summary>
public sealed class DailyRow(DayMetrics day) : MetricsFields(day.Metrics)
{
    [JsonPropertyOrder(-1)]
    public string Date => day.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary><c>/stats/hourly</c>; <c>hourOfDay</c> and <c>dayOfWeek</c> only for a range.</summary>
public sealed class HourlyStatsResponse(HourlyReport report, HourlyCompare? compare = null) : ReportResponse(report.Header)
{
    /// <summary>With <c>compare=</c>: the compared period's hours and the change of the range's totals.</summary>
    [JsonPropertyOrder(10), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public HourlyCompare? Compare => compare;

    public IEnumerable<HourlyRow> Hours => report.Hours.Select(h => new HourlyRow(h));

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IEnumerable<HourOfDayRow>? HourOfDay => report.HourOfDay?.Select(p => new HourOfDayRow(p));

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IEnumerable<DayOfWeekRow>? DayOfWeek => report.DayOfWeek?.Select(p => new DayOfWeekRow(p));
}

/// <summary>One hour slice: its local <c>start</c> with offset, and its metrics.</summary>
public sealed class HourlyRow(HourMetrics hour) : MetricsFields(hour.Metrics)
{
    [JsonPropertyOrder(-1)]
    public string Start => hour.Start.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}

/// <summary>Averages of a profile over <c>periods</c> periods, and the highest peak.</summary>
public abstract class ProfileFields(ProfileMetrics m)
{
    public int Periods => m.Periods;
    public double Sessions => m.Sessions;
    public double ActiveSessions => m.ActiveSessions;
    public double UniqueListeners => m.UniqueListeners;
    public double ListenMinutes => m.ListenMinutes;
    public double Aqh => m.Aqh;
    public double Aas => m.Aas;
    public int PeakConcurrent => m.PeakConcurrent;
}

public sealed class HourOfDayRow(HourOfDayProfile profile) : ProfileFields(profile.Metrics)
{
    [JsonPropertyOrder(-1)]
    public int Hour => profile.Hour;
}

public sealed class DayOfWeekRow(DayOfWeekProfile profile) : ProfileFields(profile.Metrics)
{
    [JsonPropertyOrder(-1)]
    public string Day => profile.Day;
}

/// <summary><c>/stats/geo</c>.</summary>
public sealed class GeoStatsResponse(GeoReport report, GeoCompare? compare = null) : ReportResponse(report.Header)
{
    /// <summary>With <c>compare=</c>: the compared period's countries.</summary>
    [JsonPropertyOrder(10), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public GeoCompare? Compare => compare;

    public IReadOnlyList<CountryRow> Countries => report.Countries;

    public bool UniqueListenersExact => report.UniqueListenersExact;
}

/// <summary><c>/stats/summary</c>: the range's metrics, <c>sessionLengths</c> and <c>breakdowns</c>.</summary>
public sealed class SummaryStatsResponse(SummaryReport report, SummaryCompare? compare = null) : MetricsFields(report.Total)
{
    /// <summary>With <c>compare=</c>: the compared period's metrics and session lengths, and the change.</summary>
    [JsonPropertyOrder(3), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SummaryCompare? Compare => compare;

    [JsonPropertyOrder(-11)]
    public string Scope => report.Header.Scope;

    [JsonPropertyOrder(-10), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Station => report.Header.Station is { Length: > 0 } station ? station : null;

    [JsonPropertyOrder(-5), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Group => report.Header.Group;

    [JsonPropertyOrder(-4), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RebuildProgress? Rebuilding => report.Header.Rebuilding;

    [JsonPropertyOrder(-9)]
    public string TimeZone => report.Header.TimeZone;

    [JsonPropertyOrder(-8)]
    public DateOnly From => report.Header.From;

    [JsonPropertyOrder(-7)]
    public DateOnly To => report.Header.To;

    [JsonPropertyOrder(-6), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Server => report.Header.Server;

    [JsonPropertyOrder(-5), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Mount => report.Header.Mount;

    [JsonPropertyOrder(1)]
    public SessionLengthsResponse SessionLengths => new(report.SessionLengths);

    [JsonPropertyOrder(2)]
    public SummaryBreakdowns Breakdowns => report.Breakdowns;
}

/// <summary>Qualifying sessions per length bucket.</summary>
public sealed class SessionLengthsResponse(IReadOnlyList<long> counts)
{
    [JsonPropertyName("1-5m")] public long OneToFiveMinutes => counts[0];
    [JsonPropertyName("5-15m")] public long FiveToFifteenMinutes => counts[1];
    [JsonPropertyName("15-30m")] public long FifteenToThirtyMinutes => counts[2];
    [JsonPropertyName("30-60m")] public long ThirtyToSixtyMinutes => counts[3];
    [JsonPropertyName("1-2h")] public long OneToTwoHours => counts[4];
    [JsonPropertyName("2-4h")] public long TwoToFourHours => counts[5];
    [JsonPropertyName("4-8h")] public long FourToEightHours => counts[6];
    [JsonPropertyName("8-18h")] public long EightToEighteenHours => counts[7];
    [JsonPropertyName("18h+")] public long EighteenHoursOrMore => counts[8];
}

/// <summary><c>/stats/summary?scopes=</c>: one summary per scope, in the order asked.</summary>
public sealed class MultiScopeSummaryResponse(IReadOnlyList<ScopeSummaryRow> scopes)
{
    public IReadOnlyList<ScopeSummaryRow> Scopes => scopes;
}

/// <summary>One scope of <c>scopes=</c> (as given) and its summary.</summary>
public sealed class ScopeSummaryRow(string scope, SummaryStatsResponse summary)
{
    public string Scope => scope;

    public SummaryStatsResponse Summary => summary;
}
