using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Asteroid.Observability;

/// <summary>The service's own metrics (meter "Asteroid"), exported by OpenTelemetry at /metrics.</summary>
public static class AsteroidMetrics
{
    public const string MeterName = "Asteroid";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Bucket bounds for durations in seconds (the exporter's defaults are meant for milliseconds).</summary>
    private static readonly InstrumentAdvice<double> Seconds = new()
    {
        HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    };

    /// <summary>Polls of /admin/listclients, by server and result status.</summary>
    public static readonly Counter<long> Polls = Meter.CreateCounter<long>("asteroid.polls", description: "Icecast listclients polls");

    /// <summary>Failed polls, by server and status (timeout, unauthorized, …).</summary>
    public static readonly Counter<long> PollErrors = Meter.CreateCounter<long>("asteroid.poll_errors", description: "Failed Icecast polls");

    /// <summary>One poll of a mount from request to sessions applied, by server: when it nears the
    /// poll interval, polls fall behind.</summary>
    public static readonly Histogram<double> PollDuration = Meter.CreateHistogram("asteroid.poll.duration", unit: "s",
        description: "Icecast listclients poll, fetch to sessions applied", tags: null, advice: Seconds);

    public static readonly Counter<long> SessionsStarted = Meter.CreateCounter<long>("asteroid.sessions.started", description: "Listener sessions started");

    public static readonly Counter<long> SessionsEnded = Meter.CreateCounter<long>("asteroid.sessions.ended", description: "Listener sessions ended, by source");

    public static readonly Counter<long> HookCalls = Meter.CreateCounter<long>("asteroid.hook.calls", description: "Icecast hook calls, by action and answer");

    /// <summary>Events sent to the Orleans event streams, by stream (mounts, sessions).</summary>
    public static readonly Counter<long> EventsPublished = Meter.CreateCounter<long>("asteroid.events.published", description: "Events published on the Orleans streams, by stream");

    /// <summary>Events not published, by stream and reason: the silo's queue was full, or the batch failed or timed out.</summary>
    public static readonly Counter<long> EventsDropped = Meter.CreateCounter<long>("asteroid.events.dropped", description: "Events dropped before reaching the Orleans streams, by stream and reason");

    /// <summary>Time to write one batch to PostgreSQL, by writer.</summary>
    public static readonly Histogram<double> DatabaseWrite = Meter.CreateHistogram("asteroid.db.write.duration", unit: "s", description: "Batch write latency", tags: null, advice: Seconds);

    /// <summary>Items a write buffer gave up on: each failed alone, with an error of the item itself
    /// (not PostgreSQL being away), <see cref="Database.BufferedWriterLimits.PoisonAttempts"/> times; logged with the cause.</summary>
    public static readonly Counter<long> DeadLetters = Meter.CreateCounter<long>("asteroid.buffer.dead_letters", description: "Items parked by a write buffer after failing on their own, by buffer");

    /// <summary>Batch writes to PostgreSQL that failed (the batch stays queued and is retried, or split
    /// when its data is at fault), by writer. A rate above 0 for minutes means PostgreSQL is away or refusing.</summary>
    public static readonly Counter<long> WriteFailures = Meter.CreateCounter<long>("asteroid.db.write.failures", description: "Failed batch writes to PostgreSQL, by writer");

    /// <summary>Items a write buffer refused because it was full, by buffer (logged with what was dropped).</summary>
    public static readonly Counter<long> BufferDropped = Meter.CreateCounter<long>("asteroid.buffer.dropped", description: "Items refused by a full write buffer, by buffer");

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
