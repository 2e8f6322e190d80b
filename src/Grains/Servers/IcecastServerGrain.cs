using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Asteroid.Icecast;
using Asteroid.Mounts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Asteroid.Servers;

/// <summary>Owns one Icecast server: its settings, mount discovery (<c>/admin/listmounts</c> every poll
/// interval on a grain timer, kept alive by a reminder) and the mount grains it starts.</summary>
[GrainType("server")]
public sealed partial class IcecastServerGrain(
    [PersistentState("server", StorageNames.Default)] IPersistentState<IcecastServerState> state,
    IcecastAdminClient icecast,
    TimeProvider time,
    IOptions<KeepAliveOptions> keepAlive,
    ISecretProtector secrets,
    ILogger<IcecastServerGrain> logger) : Grain, IIcecastServerGrain, IRemindable
{
    private PollSchedule? _discovery;
    private IcecastServerSettings? _settings;
    private string? _unreadablePassword;
    private string _status = MountStatus.Pending;
    private string? _statusDetail;
    private DateTimeOffset? _lastDiscoveryAt;
    private DateTimeOffset? _serverStartedAt;
    private string? _serverIdent;
    private DateTimeOffset? _serverStartConfirmedAt;

    private string ServerId => this.GetPrimaryKeyString();

    private PollSchedule Discovery => _discovery ??= new PollSchedule(this, DiscoverAsync, keepAlive.Value.ReminderPeriod);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // In memory (_settings, which every call reads) the admin password is in clear: polling
        // needs it. In storage it is protected (WriteStateAsync below), and state.State only ever
        // holds that stored form, so an interleaved call never sees it. A password stored in clear
        // by an older version is protected now.
        var storedInClear = false;
        if (state.State.Settings is { } stored)
        {
            storedInClear = !secrets.IsProtected(stored.AdminPassword);
            try
            {
                _settings = stored with { AdminPassword = secrets.Unprotect(stored.AdminPassword) };
            }
            catch (CryptographicException ex)
            {
                // The key ring lost the key (another DataProtection store?): polls will be refused
                // until the password is entered again; the stored ciphertext is kept as it is, so a
                // repaired key ring can still read it; the rest of the server keeps working.
                LogPasswordUnreadable(ex, ServerId);
                _settings = stored with { AdminPassword = "" };
                _unreadablePassword = stored.AdminPassword;
            }
        }

        if (_settings is not null && state.State.HookToken is null)
        {
            // Servers stored before hooks existed get their token on first activation.
            state.State.HookToken = NewToken();
            storedInClear = true;
        }

        if (storedInClear)
        {
            await WriteStateAsync(cancellationToken);
        }

        if (_settings is { Enabled: true } settings)
        {
            Discovery.Start(settings.PollInterval);
        }
    }

    public async Task<IcecastServerView> Configure(IcecastServerSettings settings, bool keepStoredPassword)
    {
        var keepUnreadable = false;
        if (keepStoredPassword && _settings is { } current)
        {
            settings = settings with { AdminPassword = current.AdminPassword };
            keepUnreadable = true;
        }

        await ApplyAsync(settings, keepUnreadable);
        return View();
    }

    public async Task Seed(IcecastServerSettings settings)
    {
        var fingerprint = Fingerprint(settings);
        if (state.State.SeededFrom == fingerprint && _settings is not null)
        {
            return;
        }

        state.State.SeededFrom = fingerprint;
        await ApplyAsync(settings, keepUnreadable: false);
    }

    public Task<IcecastServerView?> Get() => Task.FromResult(_settings is null ? null : View());

    public Task<IcecastServerSettings?> GetSettings() => Task.FromResult(_settings);

    public async Task<DateTimeOffset?> GetServerStart()
    {
        if (_serverStartedAt is null && _settings is { Enabled: true } settings)
        {
            var stats = await icecast.StatsAsync(settings, CancellationToken.None);
            if (stats.IsSuccess && _serverStartedAt is null)
            {
                _serverStartedAt = stats.Value!.ServerStart;
                _serverStartConfirmedAt = time.GetUtcNow();
            }
        }

        return _serverStartedAt;
    }

    public async Task<bool> Remove()
    {
        if (_settings is null)
        {
            return false;
        }

        Discovery.StopTimer();
        await Task.WhenAll(state.State.Mounts.Select(m => Mount(m).Stop(MountStatus.Disabled)));
        await Discovery.StopKeepAliveAsync();
        await GrainFactory.GetGrain<IServerDirectoryGrain>(IServerDirectoryGrain.Key).Remove(ServerId);
        await state.ClearStateAsync();
        DeactivateOnIdle();
        return true;
    }

    public async Task<IReadOnlyList<MountLiveState>> GetMounts() =>
        await Task.WhenAll(state.State.Mounts.Select(m => Mount(m).GetState()));

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // The reminder only keeps this grain active; the timer started on activation does the work.
        if (_settings is not { Enabled: true })
        {
            await Discovery.StopKeepAliveAsync();
        }
    }

    /// <summary>Writes the state with the admin password protected (or, while it cannot be read,
    /// as it was stored); memory keeps it in clear in <see cref="_settings"/>.</summary>
    private async Task WriteStateAsync(CancellationToken ct = default)
    {
        state.State.Settings = _settings is null ? null : _settings with { AdminPassword = _unreadablePassword ?? secrets.Protect(_settings.AdminPassword) };
        await state.WriteStateAsync(ct);
    }

    public Task<string?> GetHookToken() => Task.FromResult(_settings is null ? null : state.State.HookToken);

    public async Task<string?> RotateHookToken()
    {
        if (_settings is null)
        {
            return null;
        }

        state.State.HookToken = NewToken();
        await WriteStateAsync();
        return state.State.HookToken;
    }

    private async Task ApplyAsync(IcecastServerSettings settings, bool keepUnreadable)
    {
        _settings = settings;
        _unreadablePassword = keepUnreadable ? _unreadablePassword : null;
        state.State.HookToken ??= NewToken();
        await WriteStateAsync();
        await GrainFactory.GetGrain<IServerDirectoryGrain>(IServerDirectoryGrain.Key).Add(ServerId);
        if (settings.Enabled)
        {
            await Discovery.KeepAliveAsync();
            Discovery.Start(settings.PollInterval);
            // Apply new credentials or interval to mounts right away rather than at the next discovery.
            await Task.WhenAll(state.State.Mounts.Select(m => Mount(m).EnsurePolling(settings, _serverStartedAt, _serverStartConfirmedAt)));
        }
        else
        {
            Discovery.StopTimer();
            _status = MountStatus.Disabled;
            _statusDetail = "disabled by an admin";
            await Task.WhenAll(state.State.Mounts.Select(m => Mount(m).Stop(MountStatus.Disabled)));
            await Discovery.StopKeepAliveAsync();
        }
    }

    private async Task DiscoverAsync(CancellationToken ct)
    {
        if (_settings is not { Enabled: true } settings)
        {
            return;
        }

        var stats = await icecast.StatsAsync(settings, ct);
        var statsAt = time.GetUtcNow();
        if (stats.IsSuccess && stats.Value!.ServerId is { } ident && ident != _serverIdent)
        {
            var (kind, version) = stats.Value.Kind;
            LogServerKind(ServerId, kind, version ?? "?", ident);
            _serverIdent = ident;
        }

        if (stats.IsSuccess && stats.Value!.ServerStart is { } started)
        {
            if (_serverStartedAt is { } previous && previous != started)
            {
                LogIcecastRestarted(ServerId, previous, started);
            }

            _serverStartedAt = started;
            _serverStartConfirmedAt = time.GetUtcNow();
        }

        var result = await icecast.ListMountsAsync(settings, ct);
        _lastDiscoveryAt = time.GetUtcNow();
        SetStatus(result.Status, result.Detail);
        if (!result.IsSuccess)
        {
            // Nothing learned: keep every mount as it is; each mount reports its own poll errors.
            return;
        }

        var live = result.Value!.Select(m => m.Mount).ToHashSet(StringComparer.Ordinal);
        var added = live.Where(state.State.Mounts.Add).ToList();
        if (added.Count > 0)
        {
            LogMountsDiscovered(ServerId, added);
            await WriteStateAsync(CancellationToken.None);
        }

        await Task.WhenAll(state.State.Mounts.Select(m => live.Contains(m)
            ? Mount(m).EnsurePolling(settings, _serverStartedAt, _serverStartConfirmedAt)
            : Mount(m).MarkOffline("not in /admin/listmounts: the source is gone")));
        if (stats.IsSuccess && stats.Value!.UrlAuthenticated is { Count: > 0 } hooked)
        {
            await Task.WhenAll(hooked.Where(live.Contains).Select(m => Mount(m).ExpectRemoveHooks(statsAt)));
        }
        if (stats.IsSuccess)
        {
            await ObserveTracksAsync(stats.Value!, statsAt, live, settings.PollInterval);
        }
    }

    /// <summary>Hands each mount's metadata in /admin/stats to its now-playing grain (the plays); a
    /// failure there is logged and never stops discovery.</summary>
    private async Task ObserveTracksAsync(IcecastServerStats stats, DateTimeOffset at, HashSet<string> live, TimeSpan pollInterval)
    {
        try
        {
            await Task.WhenAll(state.State.Mounts.Select(m => GrainFactory.GetGrain<Tracks.INowPlayingGrain>(MountKey.Format(ServerId, m)).ObservePoll(
                live.Contains(m) ? stats.SourceTracks?.GetValueOrDefault(m) ?? new Tracks.PolledTrack(null, null) : null, at, pollInterval)));
        }
        catch (Exception ex)
        {
            LogTracksFailed(ex, ServerId);
        }
    }

    private void SetStatus(string status, string? detail)
    {
        if (status != _status)
        {
            if (status == MountStatus.Ok)
            {
                LogDiscoveryRecovered(ServerId);
            }
            else
            {
                LogDiscoveryFailed(ServerId, status, detail);
            }
        }

        _status = status;
        _statusDetail = detail;
    }


    private IMountGrain Mount(string mount) => GrainFactory.GetGrain<IMountGrain>(MountKey.Format(ServerId, mount));

    private IcecastServerView View()
    {
        var s = _settings!;
        return new IcecastServerView(ServerId, s.BaseUrl, s.AdminUser, s.AdminPassword.Length > 0, s.PollIntervalSeconds,
            s.Enabled, s.Enabled ? _status : MountStatus.Disabled, _statusDetail, _lastDiscoveryAt, _serverStartedAt, [.. state.State.Mounts], s.TimeZone,
            _serverIdent, _serverIdent is null ? null : IcecastServerKind.Parse(_serverIdent).Kind, _serverIdent is null ? null : IcecastServerKind.Parse(_serverIdent).Version);
    }

    private static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));

    private static string Fingerprint(IcecastServerSettings s) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
        $"{s.BaseUrl}\n{s.AdminUser}\n{s.AdminPassword}\n{s.PollIntervalSeconds}\n{s.Enabled}" + (s.TimeZone is null ? "" : $"\n{s.TimeZone}"))));

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Server {ServerId}: discovered mounts {Mounts}")]
    private partial void LogMountsDiscovered(string serverId, IReadOnlyList<string> mounts);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Server {ServerId}: mount discovery failed: {Status}: {Detail}")]
    private partial void LogDiscoveryFailed(string serverId, string status, string? detail);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Server {ServerId}: Icecast restarted (started {Previous:O}, now {Started:O}); its sessions are closed")]
    private partial void LogIcecastRestarted(string serverId, DateTimeOffset previous, DateTimeOffset started);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Error, Message = "Server {ServerId}: the stored Icecast admin password cannot be unprotected (Data Protection key missing; all nodes must share DataProtection:KeysPath or the database key ring); set it again with PUT /api/asteroid/admin/servers/{ServerId}")]
    private partial void LogPasswordUnreadable(Exception exception, string serverId);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "Server {ServerId}: the metadata of its mounts could not be handed to their plays; the next poll tries again")]
    private partial void LogTracksFailed(Exception exception, string serverId);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Information, Message = "Server {ServerId} is {Kind} {Version} (server_id \"{Ident}\")")]
    private partial void LogServerKind(string serverId, string kind, string version, string ident);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Server {ServerId}: mount discovery works again")]
    private partial void LogDiscoveryRecovered(string serverId);
}
