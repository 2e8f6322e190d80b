using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Asteroid.Observability;

/// <summary>The service's own metrics (meter "Asteroid"), exported by OpenTelemetry at /metrics.</summary>
public static class AsteroidMetrics
{
    public const string MeterName = "Asteroid";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Polls of /admin/listclients, by server and result status.</summary>
    public static readonly Counter<long> Polls = Meter.CreateCounter<long>("asteroid.polls", description: "Icecast listclients polls");

    /// <summary>Failed polls, by server and status (timeout, unauthorized, …).</summary>
    public static readonly Counter<long> PollErrors = Meter.CreateCounter<long>("asteroid.poll_errors", description: "Failed Icecast polls");

    public static readonly Counter<long> SessionsStarted = Meter.CreateCounter<long>("asteroid.sessions.started", description: "Listener sessions started");

    public static readonly Counter<long> SessionsEnded = Meter.CreateCounter<long>("asteroid.sessions.ended", description: "Listener sessions ended, by source");

    public static readonly Counter<long> HookCalls = Meter.CreateCounter<long>("asteroid.hook.calls", description: "Icecast hook calls, by action and answer");

    /// <summary>Time to write one batch to PostgreSQL, by writer.</summary>
    public static readonly Histogram<double> DatabaseWrite = Meter.CreateHistogram<double>("asteroid.db.write.duration", unit: "s", description: "Batch write latency");

    private static readonly List<Func<Measurement<int>>> Depths = [];

    static AsteroidMetrics() =>
        Meter.CreateObservableGauge("asteroid.buffer.depth", () => { lock (Depths) { return Depths.Select(d => d()).ToList(); } },
            description: "Items waiting in the per-silo write buffers");

    /// <summary>Reports a buffer's depth, tagged with what it holds.</summary>
    public static void ObserveDepth(string what, Func<int> depth)
    {
        lock (Depths)
        {
            Depths.Add(() => new Measurement<int>(depth(), new KeyValuePair<string, object?>("buffer", what)));
        }
    }

    public static TagList Tags(params (string Key, object? Value)[] tags)
    {
        var list = new TagList();
        foreach (var (key, value) in tags)
        {
            list.Add(key, value);
        }

        return list;
    }
}
