using System.Threading.Channels;
using Asteroid.Observability;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Asteroid.Events;

/// <summary>Puts the domain's events on the streams of <see cref="AsteroidStreams"/> from a per-silo
/// queue, so that publishing never blocks or fails the work that produced an event:
/// <list type="bullet">
/// <item>grains hand events over without waiting (<see cref="Publish(MountEvent)"/>); a full queue
/// (<see cref="EventStreamOptions.BufferCapacity"/> per stream) drops the new event;</item>
/// <item>every <see cref="FlushInterval"/> what has gathered goes out as one batch per stream (one
/// stream call per silo and interval, whatever the number of mounts);</item>
/// <item>a batch that fails or takes longer than <see cref="EventStreamOptions.PublishTimeoutSeconds"/>
/// is dropped, not retried: the streams are notification, <c>listener_sessions</c> is the record;</item>
/// <item>every drop is counted (<c>asteroid.events.dropped</c>) and logged at most once a minute;
/// nothing is thrown to a caller or out of this service.</item>
/// </list></summary>
public sealed partial class EventPublisher(IEventStreams streams, IOptions<EventStreamOptions> options, TimeProvider time, ILogger<EventPublisher> logger)
    : BackgroundService
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(250);
    private const string MountStream = "mounts";
    private const string SessionStream = "sessions";
    private static readonly TimeSpan LogEvery = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(2);

    private readonly Channel<MountEvent> _mounts = Channel.CreateBounded<MountEvent>(Bounded(options.Value.BufferCapacity));
    private readonly Channel<SessionEvent> _sessions = Channel.CreateBounded<SessionEvent>(Bounded(options.Value.BufferCapacity));
    private readonly TimeSpan _timeout = TimeSpan.FromSeconds(options.Value.PublishTimeoutSeconds);
    private long _published;
    private long _dropped;
    private long _droppedFull;
    private long _unloggedDrops;
    private DateTimeOffset _lastDropLog = DateTimeOffset.MinValue;

    /// <summary>Events sent to their stream.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Events dropped: queue full, or their batch failed or timed out.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Events waiting to be sent.</summary>
    public int Pending => _mounts.Reader.Count + _sessions.Reader.Count;

    public void Publish(MountEvent e)
    {
        if (!_mounts.Writer.TryWrite(e))
        {
            OnFull(MountStream);
        }
    }

    public void Publish(SessionEvent e)
    {
        if (!_sessions.Writer.TryWrite(e))
        {
            OnFull(SessionStream);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        AsteroidMetrics.ObserveDepth("events for the streams", () => Pending);
        using var timer = new PeriodicTimer(FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(_timeout);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await FlushAsync(StopTimeout); // the last events, if their stream still answers
    }

    /// <summary>Sends what waits, one batch per stream; never throws.</summary>
    internal async Task FlushAsync(TimeSpan timeout)
    {
        await SendAsync(MountStream, Drain(_mounts), batch => streams.SendAsync(batch), timeout);
        await SendAsync(SessionStream, Drain(_sessions), batch => streams.SendAsync(batch), timeout);
        LogDrops();
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task> _inFlight = new(StringComparer.Ordinal);

    private async Task SendAsync<T>(string stream, List<T> batch, Func<IReadOnlyList<T>, Task> send, TimeSpan timeout)
    {
        if (batch.Count == 0)
        {
            return;
        }

        // A send that timed out may still be running: start no other one on that stream until it
        // ends, so a hung stream cannot gather sends (each holding its batch) one per flush.
        if (_inFlight.TryGetValue(stream, out var previous) && !previous.IsCompleted)
        {
            Interlocked.Add(ref _dropped, batch.Count);
            AsteroidMetrics.EventsDropped.Add(batch.Count, AsteroidMetrics.Tags(("stream", stream), ("reason", "failed")));
            return;
        }

        try
        {
            var sending = Task.Run(() => send(batch)); // Run: a send that blocks before its first await cannot hold the loop
            _inFlight[stream] = sending;
            await sending.WaitAsync(timeout, time);
            Interlocked.Add(ref _published, batch.Count);
            AsteroidMetrics.EventsPublished.Add(batch.Count, new KeyValuePair<string, object?>("stream", stream));
        }
        catch (Exception ex)
        {
            Interlocked.Add(ref _dropped, batch.Count);
            AsteroidMetrics.EventsDropped.Add(batch.Count, AsteroidMetrics.Tags(("stream", stream), ("reason", "failed")));
            if (time.GetUtcNow() - _lastDropLog >= LogEvery)
            {
                _lastDropLog = time.GetUtcNow();
                LogPublishFailed(batch.Count, stream, ex is TimeoutException ? $"no answer within {timeout.TotalSeconds:0.#} s" : ex.Message);
            }
        }
    }

    private void OnFull(string stream)
    {
        Interlocked.Increment(ref _dropped);
        Interlocked.Increment(ref _droppedFull);
        AsteroidMetrics.EventsDropped.Add(1, AsteroidMetrics.Tags(("stream", stream), ("reason", "full")));
    }

    private void LogDrops()
    {
        var full = Interlocked.Exchange(ref _droppedFull, 0);
        _unloggedDrops += full;
        if (_unloggedDrops > 0 && time.GetUtcNow() - _lastDropLog >= LogEvery)
        {
            _lastDropLog = time.GetUtcNow();
            LogQueueFull(_unloggedDrops, options.Value.BufferCapacity);
            _unloggedDrops = 0;
        }
    }

    private static List<T> Drain<T>(Channel<T> channel)
    {
        var batch = new List<T>();
        while (batch.Count < MaxBatch && channel.Reader.TryRead(out var item))
        {
            batch.Add(item);
        }

        return batch;
    }

    /// <summary>At most this many events per stream and flush (a full queue drains over a few flushes).</summary>
    private const int MaxBatch = 5_000;

    private static BoundedChannelOptions Bounded(int capacity) => new(capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true };

    [LoggerMessage(EventId = 1600, Level = LogLevel.Warning, Message = "Event streams: {Count} events dropped: the queue was full ({Capacity} per stream); the streams are notification only, nothing stored is affected")]
    private partial void LogQueueFull(long count, int capacity);

    [LoggerMessage(EventId = 1601, Level = LogLevel.Warning, Message = "Event streams: a batch of {Count} {Stream} events was dropped: {Cause}; the streams are notification only, nothing stored is affected (further drops within a minute are only counted)")]
    private partial void LogPublishFailed(int count, string stream, string cause);
}
