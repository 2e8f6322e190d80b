using Asteroid.Analytics;

namespace Asteroid.Web.Reports;

/// <summary>The metrics of a period as top-level fields of a JSON object (a daily row, an hourly
/// row, the summary), after the object's own key fields. Names and meanings: docs/metrics.md.</summary>
public abstract class MetricsFields(Metrics metrics)
{
    public long Sessions => metrics.Sessions;
    public long ShortSessions => metrics.ShortSessions;
    public long BotSessions => metrics.BotSessions;
    public long ActiveSessions => metrics.ActiveSessions;
    public long UniqueListeners => metrics.UniqueListeners;
    public bool UniqueListenersExact => metrics.UniqueListenersExact;
    public double ListenMinutes => metrics.ListenMinutes;
    public double AvgSessionMinutes => metrics.AvgSessionMinutes;
    public double TslMinutes => metrics.TslMinutes;
    public double Aas => metrics.Aas;
    public double Aqh => metrics.Aqh;
    public int PeakConcurrent => metrics.PeakConcurrent;
    public DateTimeOffset? PeakAt => metrics.PeakAt;
    public long NewListeners => metrics.NewListeners;
    public long ReturningListeners => metrics.ReturningListeners;
    public double BounceRate => metrics.BounceRate;

    /// <summary>Sessions (of the report's traffic) whose last second lies in the period; null when a
    /// day of it was stored before this was counted and its raw sessions are gone (unknown, not 0).</summary>
    public long? SessionsEnded => metrics.SessionsEnded;

    /// <summary>The cells in <see cref="Names"/> order (the export's columns).</summary>
    public static object?[] Cells(Metrics m) => MetricsColumns.Cells(m);

    public static readonly string[] Names = [.. MetricsColumns.Names];
}
