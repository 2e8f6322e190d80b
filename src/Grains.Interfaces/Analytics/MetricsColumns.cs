namespace Asteroid.Analytics;

/// <summary>The metrics of a period as table columns (the <c>/stats/export</c> daily and hourly
/// datasets, the scheduled reports' CSVs): names and cells in one order. Meanings: docs/metrics.md.</summary>
public static class MetricsColumns
{
    public static readonly IReadOnlyList<string> Names =
    [
        "sessions", "shortSessions", "botSessions", "activeSessions", "uniqueListeners", "uniqueListenersExact", "listenMinutes",
        "avgSessionMinutes", "tslMinutes", "aas", "aqh", "peakConcurrent", "peakAt", "newListeners", "returningListeners", "bounceRate",
    ];

    /// <summary>The cells in <see cref="Names"/> order.</summary>
    public static object?[] Cells(Metrics m) =>
    [
        m.Sessions, m.ShortSessions, m.BotSessions, m.ActiveSessions, m.UniqueListeners, m.UniqueListenersExact, m.ListenMinutes,
        m.AvgSessionMinutes, m.TslMinutes, m.Aas, m.Aqh, m.PeakConcurrent, m.PeakAt, m.NewListeners, m.ReturningListeners, m.BounceRate,
    ];
}
