using Asteroid.Live;
using Asteroid.Mounts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Asteroid.Hls;

/// <summary>Polls one HAProxy runtime API for its streams' live HLS counts (<see cref="HlsLiveCount"/>),
/// every <c>PollIntervalSeconds</c>; a changed count or status is pushed as a mount's is
/// (<see cref="ILivePushGrain"/>). A failed read keeps the last count and says why in the status.
/// Nothing is persisted: the configuration is the state.</summary>
[GrainType("hls-source")]
public sealed partial class HlsSourceGrain(
    IOptionsMonitor<HlsOptions> options,
    HaproxyRuntimeClient haproxy,
    TimeProvider time,
    IOptions<KeepAliveOptions> keepAlive,
    ILogger<HlsSourceGrain> logger) : Grain, IHlsSourceGrain, IRemindable
{
    private readonly Dictionary<string, MountLiveState> _streams = new(StringComparer.Ordinal);
    private PollSchedule? _polling;

    private string Id => this.GetPrimaryKeyString();

    private PollSchedule Polling => _polling ??= new PollSchedule(this, PollAsync, keepAlive.Value.ReminderPeriod);

    private HlsSourceOptions? Source => options.CurrentValue.Sources.FirstOrDefault(s => s.Id == Id);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Source is { } source)
        {
            Polling.Start(TimeSpan.FromSeconds(source.PollIntervalSeconds));
        }

        return Task.CompletedTask;
    }

    public async Task EnsurePolling()
    {
        if (Source is { } source)
        {
            await Polling.KeepAliveAsync();
            Polling.Start(TimeSpan.FromSeconds(source.PollIntervalSeconds));
        }
        else
        {
            Polling.StopTimer();
            await Polling.StopKeepAliveAsync();
        }
    }

    public Task<IReadOnlyList<MountLiveState>> GetMounts() => Task.FromResult<IReadOnlyList<MountLiveState>>(
        Source is { } source
            ? [.. source.Streams.Select(s => _streams.GetValueOrDefault(s.Mount) ?? new MountLiveState(Id, s.Mount, 0, MountStatus.Pending, null, null, null))]
            : []);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (Source is null)
        {
            Polling.StopTimer();
            await Polling.StopKeepAliveAsync(); // no longer configured
        }
    }

    private async Task PollAsync(CancellationToken ct)
    {
        if (Source is not { } source)
        {
            return;
        }

        var timeout = TimeSpan.FromSeconds(source.TimeoutSeconds);
        string? statAnswer = null;
        string? statStatus = null;
        string? statDetail = null;
        foreach (var stream in source.Streams)
        {
            string status;
            string? detail;
            int? count = null;
            if (stream.Table is { } table)
            {
                var answer = await haproxy.SendAsync(source.Socket, $"show table {table}", timeout, ct);
                (status, detail) = (answer.Status, answer.Detail);
                if (answer.IsSuccess)
                {
                    count = HlsLiveCount.FromTable(answer.Value!, table, out var error);
                    (status, detail) = count is null ? (MountStatus.Malformed, error) : (MountStatus.Ok, null);
                }
            }
            else
            {
                if (statAnswer is null && statStatus is null)
                {
                    var answer = await haproxy.SendAsync(source.Socket, "show stat", timeout, ct);
                    if (answer.IsSuccess)
                    {
                        statAnswer = answer.Value;
                    }
                    else
                    {
                        (statStatus, statDetail) = (answer.Status, answer.Detail);
                    }
                }

                (status, detail) = (statStatus ?? MountStatus.Ok, statDetail);
                if (statAnswer is not null)
                {
                    count = HlsLiveCount.FromStat(statAnswer, stream.Backend!, out var error);
                    (status, detail) = count is null ? (MountStatus.Malformed, error) : (MountStatus.Ok, null);
                }
            }

            Observe(stream.Mount, count, status, detail, time.GetUtcNow());
        }
    }

    private void Observe(string mount, int? count, string status, string? detail, DateTimeOffset at)
    {
        var previous = _streams.GetValueOrDefault(mount);
        var listeners = count ?? previous?.Listeners ?? 0;
        var next = new MountLiveState(Id, mount, listeners, status, detail, at, count is null ? previous?.LastSuccessAt : at);
        _streams[mount] = next;
        if (previous is null || previous.Status != status || previous.Listeners != listeners)
        {
            if (previous?.Status != status && status != MountStatus.Ok)
            {
                LogReadFailed(Id, mount, status, detail);
            }

            GrainFactory.GetGrain<ILivePushGrain>(0).Publish(new MountCountChange(Id, mount, listeners, status, detail, at)).Ignore();
        }
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Warning, Message = "HLS source {SourceId}{Mount}: reading HAProxy's runtime API failed: {Status}: {Detail}")]
    private partial void LogReadFailed(string sourceId, string mount, string status, string? detail);
}
