using Asteroid.Enrichment;
using Asteroid.Events;
using Asteroid.Icecast;
using Asteroid.Live;
using Asteroid.Servers;
using Asteroid.Sessions;
using Asteroid.Snapshots;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Asteroid.Mounts;

/// <summary>Polls one mount's <c>/admin/listclients</c> on a grain timer; a reminder reactivates it
/// after deactivation or a silo restart. Each successful poll becomes a snapshot (batched by the
/// silo's <see cref="SnapshotWriter"/>), session starts and ends (via <see cref="SessionTracker"/> and
/// one <see cref="ISessionGrain"/> per connection, handed over by <see cref="SessionDelivery"/>) and,
/// when the count or status changed, a live push. Status, count and session changes are also put on
/// the event streams (<see cref="EventPublisher"/>, without waiting). Failures set the status with a
/// cause, are logged once per change and never stop the timer.</summary>
[GrainType("mount")]
public sealed partial class MountGrain(
    [PersistentState("mount", StorageNames.Default)] IPersistentState<MountRecord> record,
    IcecastAdminClient icecast,
    SnapshotWriter snapshots,
    SessionStore sessionStore,
    SessionWriter sessionWriter,
    ListenerEnricher enricher,
    TrustedProxies trustedProxies,
    EventPublisher events,
    TimeProvider time,
    IOptions<KeepAliveOptions> keepAlive,
    ILogger<MountGrain> logger) : Grain, IMountGrain, IRemindable
{
    private IcecastServerSettings? _settings;
    private PollSchedule? _polling;
    private SessionTracker _sessions = null!;
    private SessionDelivery _delivery = null!;
    private int _listeners;
    private string _status = MountStatus.Pending;
    private string? _statusDetail;
    private DateTimeOffset? _lastPolledAt;
    private DateTimeOffset? _lastSuccessAt;
    private int _publishedCount = -1;
    private SharedAddress? _sharedAddress;
    private long _hooksDropped;
    private IGrainTimer? _heldHooksRetry;

    /// <summary>How often a mount with held hooks asks for the server start again (a hook-only mount has no poll that would).</summary>
    private static readonly TimeSpan HeldHooksRetry = TimeSpan.FromSeconds(5);

    private string ServerId { get; set; } = "";

    private string MountPath { get; set; } = "";

    private PollSchedule Polling => _polling ??= new PollSchedule(this, PollAsync, keepAlive.Value.ReminderPeriod);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (ServerId, MountPath) = MountKey.Parse(this.GetPrimaryKeyString());
        _sessions = new SessionTracker(ServerId, MountPath, enricher);
        _delivery = new SessionDelivery(s => Session(s).Start(s), (s, end) => Session(s).End(s, end));
        var open = await sessionStore.LoadOpenAsync(ServerId, MountPath, cancellationToken);
        if (open.Count > 0)
        {
            _sessions.Restore(open, record.State.LastAliveAt ?? time.GetUtcNow());
            LogRestored(ServerId, MountPath, open.Count);
        }

        if (record.State.Polling)
        {
            // Reactivated by the reminder or a call: resume with the server's current settings.
            var server = GrainFactory.GetGrain<IIcecastServerGrain>(ServerId);
            var settings = await server.GetSettings();
            if (settings is { Enabled: true })
            {
                // Until the server start is known, restored sessions wait: polls cannot key sessions yet.
                if (await server.GetServerStart() is { } start)
                {
                    await ApplyAsync(_sessions.OnServerStart(start, time.GetUtcNow()));
                }

                StartTimer(settings);
            }
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await SaveLastAliveAsync();
    }

    public async Task EnsurePolling(IcecastServerSettings settings, DateTimeOffset? serverStart, DateTimeOffset? serverStartConfirmedAt)
    {
        if (!record.State.Polling)
        {
            record.State.Polling = true;
            await record.WriteStateAsync();
            await Polling.KeepAliveAsync();
        }

        if (serverStart is { } start)
        {
            await ApplyAsync(_sessions.OnServerStart(start, time.GetUtcNow(), serverStartConfirmedAt));
        }

        StartTimer(settings);
    }

    public async Task MarkOffline(string reason)
    {
        await StopPollingAsync();
        await ApplyAsync(_sessions.OnSourceGone(time.GetUtcNow()));
        SetStatus(MountStatus.Offline, reason, 0);
    }

    public async Task Stop(string status)
    {
        await StopPollingAsync();
        await ApplyAsync(_sessions.OnSourceGone(time.GetUtcNow()));
        SetStatus(status, status == MountStatus.Disabled ? "server disabled or removed" : null, 0);
        DeactivateOnIdle();
    }

    public Task<MountLiveState> GetState() => Task.FromResult(new MountLiveState(
        ServerId, MountPath, _listeners, _status, _statusDetail, _lastPolledAt, _lastSuccessAt, _sharedAddress));

    public Task ExpectRemoveHooks(DateTimeOffset at)
    {
        _sessions.ExpectRemoveHooks(at);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<OpenSession>> GetSessions() => Task.FromResult<IReadOnlyList<OpenSession>>([.. _sessions.Open]);

    public async Task HookListenerAdd(long clientId, ListenerProfile profile, DateTimeOffset at)
    {
        await EnsureServerStartAsync();
        var changes = _sessions.OnHookAdd(clientId, profile, at);
        ReportHeld(changes);
        await ApplyAsync(changes);
        foreach (var updated in changes.SourcesUpdated)
        {
            // The open row gets the hook's referrer (SessionStore upserts it), so a restart keeps it.
            await sessionWriter.OpenedAsync(updated);
        }

        CountFromHook(changes.Started.Count);
    }

    public async Task HookListenerRemove(long clientId, ListenerProfile profile, long durationSeconds, DateTimeOffset at)
    {
        await EnsureServerStartAsync();
        var changes = _sessions.OnHookRemove(clientId, profile, durationSeconds, at);
        ReportHeld(changes);
        await ApplyAsync(changes);
        CountFromHook(changes.Started.Count - changes.Ended.Count); // a remove-only connection never counted: 0
    }

    /// <summary>Says when hooks start waiting for the server start, and every one dropped past the bound.</summary>
    private void ReportHeld(SessionChanges changes)
    {
        if (_sessions.HeldHookCount == 0)
        {
            _hooksDropped = 0;
        }

        if (changes.HookDropped)
        {
            _hooksDropped++;
            if (_hooksDropped == 1 || _hooksDropped % 1_000 == 0)
            {
                LogHookDropped(ServerId, MountPath, _hooksDropped, SessionTracker.MaxHeldHooks);
            }
        }
        else if (changes.HookHeld && _sessions.HeldHookCount == 1)
        {
            LogHooksHeld(ServerId, MountPath);
        }

        if (_sessions.HeldHookCount > 0)
        {
            _heldHooksRetry ??= this.RegisterGrainTimer(RetryServerStartAsync, new GrainTimerCreationOptions(HeldHooksRetry, HeldHooksRetry) { KeepAlive = true });
        }
    }

    /// <summary>Asks for the server start until the held hooks are applied.</summary>
    private async Task RetryServerStartAsync(CancellationToken ct)
    {
        await EnsureServerStartAsync();
        if (_sessions.HeldHookCount == 0)
        {
            _heldHooksRetry?.Dispose();
            _heldHooksRetry = null;
        }
    }

    /// <summary>A hook moves the live count at once (browsers see it within a second); the next
    /// poll sets the count Icecast reports, whatever hooks said.</summary>
    private void CountFromHook(int delta)
    {
        if (delta != 0)
        {
            _listeners = Math.Max(0, _listeners + delta);
            SetStatus(_status, _statusDetail, _listeners);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!record.State.Polling)
        {
            await Polling.StopKeepAliveAsync(); // a reminder for a mount that should not poll is stale
            return;
        }

        await SaveLastAliveAsync();
        var orphans = _sessions.Adopt(await sessionStore.LoadOpenAsync(ServerId, MountPath, CancellationToken.None));
        if (orphans > 0)
        {
            LogAdopted(ServerId, MountPath, orphans);
        }
    }

    private async Task EnsureServerStartAsync()
    {
        if (_sessions.ServerStart is null && await GrainFactory.GetGrain<IIcecastServerGrain>(ServerId).GetServerStart() is { } start)
        {
            await ApplyAsync(_sessions.OnServerStart(start, time.GetUtcNow()));
        }
    }

    private void StartTimer(IcecastServerSettings settings)
    {
        _settings = settings;
        Polling.Start(settings.PollInterval);
    }

    private async Task StopPollingAsync()
    {
        Polling.StopTimer();
        if (record.State.Polling)
        {
            record.State.Polling = false;
            await record.WriteStateAsync();
        }

        await Polling.StopKeepAliveAsync();
    }

    private async Task PollAsync(CancellationToken ct)
    {
        if (_settings is not { } settings)
        {
            return;
        }

        var started = time.GetTimestamp();
        var result = await icecast.ListClientsAsync(settings, MountPath, ct);
        if (!Polling.IsPolling)
        {
            return; // stopped while the request was in flight
        }

        var at = time.GetUtcNow();
        _lastPolledAt = at;
        Observability.AsteroidMetrics.Polls.Add(1, Observability.AsteroidMetrics.Tags(("server", ServerId), ("status", result.Status)));
        if (!result.IsSuccess)
        {
            Observability.AsteroidMetrics.PollErrors.Add(1, Observability.AsteroidMetrics.Tags(("server", ServerId), ("status", result.Status)));
        }

        if (result.IsSuccess)
        {
            var listeners = result.Value!.Listeners; // (session calls that failed last time are retried by the delivery)
            _listeners = listeners.Count;
            _lastSuccessAt = at;
            snapshots.Enqueue(new ListenerSnapshot(at, ServerId, MountPath, _listeners));
            ObserveSharedAddress(Enrichment.SharedAddressRule.Check(listeners.Select(l => l.Ip), trustedProxies));
            await ApplyAsync(_sessions.OnPoll(listeners, at));
        }
        else if (result.Status == MountStatus.Offline)
        {
            _listeners = 0; // no source: nobody can be listening
            ObserveSharedAddress(null);
            await ApplyAsync(_sessions.OnSourceGone(at));
        }

        // On other failures the last good count and the open sessions are kept: a flaky poll must
        // not look like everyone left. The next good poll settles who did.
        SetStatus(result.Status, result.Detail, _listeners);
        Observability.AsteroidMetrics.PollDuration.Record(time.GetElapsedTime(started).TotalSeconds, Observability.AsteroidMetrics.Tags(("server", ServerId)));
    }

    /// <summary>Starts and ends the session grains (what fails is retried with the next changes) and
    /// puts what was delivered on the session stream.</summary>
    private async Task ApplyAsync(SessionChanges changes)
    {
        var delivered = await _delivery.DeliverAsync(changes);
        if (_delivery.Undelivered > 0)
        {
            LogSessionCallsFailed(ServerId, MountPath, _delivery.Undelivered);
        }

        foreach (var started in delivered.Started)
        {
            events.Publish(SessionEvent.Start(started));
        }

        foreach (var (session, end) in delivered.Ended)
        {
            events.Publish(SessionEvent.Finish(FinishedSession.From(session, end)));
        }
    }

    private ISessionGrain Session(OpenSession s) =>
        GrainFactory.GetGrain<ISessionGrain>(SessionKey.Format(s.Server, s.ServerStart, s.ClientId));

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

        var previousStatus = _status;
        _status = status;
        _statusDetail = detail;
        _listeners = listeners;
        if (statusChanged || countChanged)
        {
            var previousCount = _publishedCount;
            _publishedCount = listeners;
            var at = time.GetUtcNow();
            GrainFactory.GetGrain<ILivePushGrain>(0).Publish(
                new MountCountChange(ServerId, MountPath, listeners, status, detail, at)).Ignore();
            if (statusChanged)
            {
                events.Publish(new MountStatusChanged(ServerId, MountPath, at, status, detail, previousStatus, listeners));
            }

            if (countChanged)
            {
                events.Publish(new MountCountChanged(ServerId, MountPath, at, listeners, previousCount < 0 ? null : previousCount, status));
            }
        }
    }

    /// <summary>Keeps the shared-address warning of the last poll; logs when it starts and ends (counts only).</summary>
    private void ObserveSharedAddress(SharedAddress? shared)
    {
        if (shared is not null && _sharedAddress is null)
        {
            LogSharedAddress(ServerId, MountPath, shared.Sharing, shared.Listeners);
        }
        else if (shared is null && _sharedAddress is not null)
        {
            LogSharedAddressGone(ServerId, MountPath);
        }

        _sharedAddress = shared;
    }

    private async Task SaveLastAliveAsync()
    {
        if (_lastSuccessAt is { } alive && alive != record.State.LastAliveAt && record.State.Polling)
        {
            record.State.LastAliveAt = alive;
            await record.WriteStateAsync();
        }
    }


    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "Mount {ServerId}{Mount}: {Status}: {Detail}")]
    private partial void LogPollStatusChanged(string serverId, string mount, string status, string? detail);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Mount {ServerId}{Mount}: polling works again (was {PreviousStatus})")]
    private partial void LogPollRecovered(string serverId, string mount, string previousStatus);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Warning, Message = "Mount {ServerId}{Mount}: {Count} stored open sessions were not tracked here (another activation opened them); the next poll continues or closes them")]
    private partial void LogAdopted(string serverId, string mount, int count);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Mount {ServerId}{Mount}: {Count} session starts/ends could not be delivered; retried with the next poll")]
    private partial void LogSessionCallsFailed(string serverId, string mount, int count);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Warning, Message = "Mount {ServerId}{Mount}: {Sharing} of {Listeners} listeners share one address: a proxy in front of Icecast may hide them (configure Asteroid:TrustedProxies and forward X-Forwarded-For through the URL-auth hook)")]
    private partial void LogSharedAddress(string serverId, string mount, int sharing, int listeners);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Information, Message = "Mount {ServerId}{Mount}: its listeners no longer share one address")]
    private partial void LogSharedAddressGone(string serverId, string mount);

    [LoggerMessage(EventId = 1207, Level = LogLevel.Warning, Message = "Mount {ServerId}{Mount}: hooks wait until the server's start time can be read from Icecast (its stats did not answer); they are applied then")]
    private partial void LogHooksHeld(string serverId, string mount);

    [LoggerMessage(EventId = 1208, Level = LogLevel.Error, Message = "Mount {ServerId}{Mount}: {Dropped} hooks dropped so far: {Held} hooks already wait for the server's start time (Icecast's stats do not answer)")]
    private partial void LogHookDropped(string serverId, string mount, long dropped, int held);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Mount {ServerId}{Mount}: {Count} open sessions restored")]
    private partial void LogRestored(string serverId, string mount, int count);
}
