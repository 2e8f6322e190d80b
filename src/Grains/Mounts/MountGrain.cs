using Asteroid.Icecast;
using Asteroid.Live;
using Asteroid.Servers;
using Asteroid.Snapshots;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Asteroid.Mounts;

/// <summary>Polls one mount's <c>/admin/listclients</c> on a grain timer; a reminder reactivates it
/// after deactivation or a silo restart. Each successful poll becomes a snapshot (batched by the
/// silo's <see cref="SnapshotWriter"/>) and, when the count or status changed, a live push.
/// Failures set the status with a cause, are logged once per change and never stop the timer.</summary>
[GrainType("mount")]
public sealed partial class MountGrain(
    [PersistentState("mount", StorageNames.Default)] IPersistentState<MountRecord> record,
    IcecastAdminClient icecast,
    SnapshotWriter snapshots,
    TimeProvider time,
    IOptions<KeepAliveOptions> keepAlive,
    ILogger<MountGrain> logger) : Grain, IMountGrain, IRemindable
{
    internal const string KeepAliveReminder = "keep-alive";

    private IcecastServerSettings? _settings;
    private IGrainTimer? _pollTimer;
    private TimeSpan _timerPeriod;
    private IReadOnlyList<IcecastListener> _listeners = [];
    private string _status = MountStatus.Pending;
    private string? _statusDetail;
    private DateTimeOffset? _lastPolledAt;
    private DateTimeOffset? _lastSuccessAt;
    private int _publishedCount = -1;

    private string ServerId => MountKey.Parse(this.GetPrimaryKeyString()).ServerId;

    private string MountPath => MountKey.Parse(this.GetPrimaryKeyString()).Mount;

    /// <summary>The listeners of the last successful poll (IPs in memory only).</summary>
    internal IReadOnlyList<IcecastListener> Listeners => _listeners;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (record.State.Polling)
        {
            // Reactivated by the reminder or a call: resume with the server's current settings.
            var settings = await GrainFactory.GetGrain<IIcecastServerGrain>(ServerId).GetSettings();
            if (settings is { Enabled: true })
            {
                StartTimer(settings);
            }
        }
    }

    public async Task EnsurePolling(IcecastServerSettings settings)
    {
        if (!record.State.Polling)
        {
            record.State.Polling = true;
            await record.WriteStateAsync();
            await this.RegisterOrUpdateReminder(KeepAliveReminder, keepAlive.Value.ReminderPeriod, keepAlive.Value.ReminderPeriod);
        }

        StartTimer(settings);
    }

    public async Task MarkOffline(string reason)
    {
        await StopPollingAsync();
        SetStatus(MountStatus.Offline, reason, 0);
    }

    public async Task Stop(string status)
    {
        await StopPollingAsync();
        SetStatus(status, status == MountStatus.Disabled ? "server disabled or removed" : null, 0);
        DeactivateOnIdle();
    }

    public Task<MountLiveState> GetState() => Task.FromResult(new MountLiveState(
        ServerId, MountPath, _listeners.Count, _status, _statusDetail, _lastPolledAt, _lastSuccessAt));

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // Activation already resumed polling; a reminder for a mount that should not poll is stale.
        if (!record.State.Polling)
        {
            await UnregisterKeepAliveAsync();
        }
    }

    private void StartTimer(IcecastServerSettings settings)
    {
        _settings = settings;
        if (_pollTimer is not null && _timerPeriod == settings.PollInterval)
        {
            return;
        }

        _pollTimer?.Dispose();
        _timerPeriod = settings.PollInterval;
        _pollTimer = this.RegisterGrainTimer(PollAsync, new GrainTimerCreationOptions(TimeSpan.Zero, settings.PollInterval)
        {
            KeepAlive = true,
        });
    }

    private async Task StopPollingAsync()
    {
        _pollTimer?.Dispose();
        _pollTimer = null;
        _listeners = [];
        if (record.State.Polling)
        {
            record.State.Polling = false;
            await record.WriteStateAsync();
        }

        await UnregisterKeepAliveAsync();
    }

    private async Task PollAsync(CancellationToken ct)
    {
        if (_settings is not { } settings)
        {
            return;
        }

        var result = await icecast.ListClientsAsync(settings, MountPath, ct);
        if (_pollTimer is null)
        {
            return; // stopped while the request was in flight
        }

        var at = time.GetUtcNow();
        _lastPolledAt = at;
        if (result.IsSuccess)
        {
            _listeners = result.Value!.Listeners;
            _lastSuccessAt = at;
            snapshots.Enqueue(new ListenerSnapshot(at, ServerId, MountPath, _listeners.Count));
        }

        else if (result.Status == MountStatus.Offline)
        {
            _listeners = []; // no source: nobody can be listening
        }

        // On other failures the last good list is kept: a flaky poll must not look like everyone left.
        SetStatus(result.Status, result.Detail, _listeners.Count);
    }

    private void SetStatus(string status, string? detail, int listeners)
    {
        var statusChanged = status != _status;
        var countChanged = listeners != _publishedCount;
        if (statusChanged)
        {
            if (status == MountStatus.Ok)
            {
                LogPollRecovered(ServerId, MountPath, _status);
            }
            else
            {
                LogPollStatusChanged(ServerId, MountPath, status, detail);
            }
        }

        _status = status;
        _statusDetail = detail;
        if (statusChanged || countChanged)
        {
            _publishedCount = listeners;
            GrainFactory.GetGrain<ILivePushGrain>(0).Publish(
                new MountCountChange(ServerId, MountPath, listeners, status, detail, time.GetUtcNow())).Ignore();
        }
    }

    private async Task UnregisterKeepAliveAsync()
    {
        if (await this.GetReminder(KeepAliveReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "Mount {ServerId}{Mount}: {Status}: {Detail}")]
    private partial void LogPollStatusChanged(string serverId, string mount, string status, string? detail);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Mount {ServerId}{Mount}: polling works again (was {PreviousStatus})")]
    private partial void LogPollRecovered(string serverId, string mount, string previousStatus);
}
