using Asteroid.Analytics;
using Asteroid.Mounts;
using Asteroid.Servers;
using Asteroid.Stations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Asteroid.Alerts;

/// <summary>Evaluates every alert rule every <c>Alerts:EvaluateIntervalSeconds</c> on a grain timer
/// (kept alive by the keep-alive reminder, as server and mount grains are): reads the servers' and
/// mounts' live state, the scope members and, for audience-drop, the usual level; runs
/// <see cref="AlertConditions"/> and <see cref="AlertTracker"/>; each state change is stored with the
/// alert it fires or resolves and its deliveries in one transaction (<see cref="AlertStore.RecordAsync"/>).</summary>
[GrainType("alert-evaluator")]
public sealed partial class AlertEvaluatorGrain(
    AlertStore store,
    StationResolver stations,
    AggregateStore aggregates,
    Import.ImportOutcomeStore imports,
    TimeProvider time,
    IOptions<AlertOptions> options,
    IOptions<KeepAliveOptions> keepAlive,
    ILogger<AlertEvaluatorGrain> logger) : Grain, IAlertEvaluatorGrain, IRemindable
{
    private readonly Dictionary<(Scope Scope, DateOnly Day, int Hour), double?> _baselines = [];
    private readonly Dictionary<string, DateTimeOffset> _versions = [];
    private PollSchedule? _schedule;
    private Dictionary<(string Rule, string Subject), TrackedSubject>? _states;
    private bool _evaluating;

    private PollSchedule Schedule => _schedule ??= new PollSchedule(this, _ => EvaluateAsync(), keepAlive.Value.ReminderPeriod);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Schedule.Start(TimeSpan.FromSeconds(options.Value.EvaluateIntervalSeconds));
        return Task.CompletedTask;
    }

    public async Task EnsureRunning()
    {
        Schedule.Start(TimeSpan.FromSeconds(options.Value.EvaluateIntervalSeconds));
        await Schedule.KeepAliveAsync();
    }

    public Task EvaluateNow() => EvaluateAsync();

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask; // activation starts the timer

    private async Task EvaluateAsync()
    {
        if (_evaluating)
        {
            return;
        }

        _evaluating = true;
        try
        {
            _states ??= await store.LoadStateAsync();
            var rules = (await store.ListRulesAsync()).Where(r => r.Enabled).ToList();
            if (rules.Count == 0)
            {
                return;
            }

            var (servers, mounts) = await ReadLiveStateAsync();
            var outcomes = rules.Any(r => r.Kind == AlertKinds.CollectionFailing) ? await imports.ListAsync(CancellationToken.None) : [];
            var now = time.GetUtcNow();
            foreach (var rule in rules)
            {
                await EvaluateRuleAsync(rule, servers, mounts, outcomes, now);
            }

            // State of rules deleted meanwhile is gone from the table (cascade); forget it here too.
            var ids = rules.Select(r => r.Id).ToHashSet();
            foreach (var key in _states.Keys.Where(k => !ids.Contains(k.Rule)).ToList())
            {
                _states.Remove(key);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _states = null; // read again from the table next time: it is the truth after a failed write
            LogEvaluationFailed(logger, e);
        }
        finally
        {
            _evaluating = false;
        }
    }

    private async Task EvaluateRuleAsync(AlertRule rule, IReadOnlyList<ServerObservation> servers, IReadOnlyList<MountLiveState> mounts, IReadOnlyList<Import.ImportOutcome> outcomes, DateTimeOffset now)
    {
        if (_versions.TryGetValue(rule.Id, out var seenVersion) && seenVersion != rule.UpdatedAt)
        {
            // The rule changed: its pending subjects start afresh (the store dropped their rows); firing ones stay firing.
            foreach (var key in _states!.Where(s => s.Key.Rule == rule.Id && s.Value.Phase != AlertPhase.Firing).Select(s => s.Key).ToList())
            {
                _states!.Remove(key);
            }
        }

        _versions[rule.Id] = rule.UpdatedAt;
        var scope = ScopeOf(rule.Scope);
        var members = await stations.MembersAsync(scope);
        var inScope = mounts.Where(m => members.Contains(m.Server, m.Mount)).ToList();
        var scopeServers = scope.Kind switch
        {
            Scope.NetworkKind => servers,
            Scope.ServerKind or Scope.MountKind => [.. servers.Where(s => s.Id == rule.Scope!.Server)],
            _ => [.. servers.Where(s => inScope.Any(m => m.Server == s.Id))],
        };
        var baseline = rule.Kind == AlertKinds.AudienceDrop ? await BaselineAsync(scope, now) : null;
        var signals = AlertConditions.Evaluate(rule, new AlertObservation(inScope, scopeServers, baseline, outcomes)).ToList();

        // Subjects tracked before but not seen now (a mount removed from the scope) no longer hold.
        var seen = signals.Select(s => s.Subject).ToHashSet();
        foreach (var gone in _states!.Keys.Where(k => k.Rule == rule.Id && !seen.Contains(k.Subject)).ToList())
        {
            signals.Add(new AlertSignal(gone.Subject, false, null, null, null, $"{gone.Subject} is no longer in {rule.Scope?.ToString() ?? "network:all"}"));
        }

        foreach (var signal in signals.Where(s => !s.Unknown))
        {
            var key = (rule.Id, signal.Subject);
            var before = _states.GetValueOrDefault(key, TrackedSubject.Idle);
            var (after, transition) = AlertTracker.Step(before, signal.Holds, now, rule.ForSeconds, rule.QuietMinutes);
            if (after == before && transition == AlertTransition.None)
            {
                continue;
            }

            AlertEvent? alert = transition switch
            {
                AlertTransition.Fire => new AlertEvent(0, rule.Id, rule.Kind, rule.Scope?.ToString() ?? "network:all", signal.Subject, signal.Server, signal.Mount,
                    AlertStates.Firing, now, after.Since, signal.Summary, signal.Value),
                AlertTransition.Resolve => new AlertEvent(0, rule.Id, rule.Kind, rule.Scope?.ToString() ?? "network:all", signal.Subject, signal.Server, signal.Mount,
                    AlertStates.Resolved, now, before.Since, signal.Summary, signal.Value),
                _ => null,
            };
            var kept = after.Phase == AlertPhase.Idle && after.LastFiredAt is { } last && now - last < TimeSpan.FromMinutes(rule.QuietMinutes)
                ? after // the quiet period still needs the last firing
                : after.Phase == AlertPhase.Idle ? TrackedSubject.Idle : after;
            var recorded = await store.RecordAsync(rule, signal.Subject, kept, alert);
            _states[key] = kept;
            if (recorded is not null)
            {
                LogAlert(logger, rule.Id, recorded.State, signal.Subject, signal.Summary);
            }
        }
    }

    private async Task<(IReadOnlyList<ServerObservation> Servers, IReadOnlyList<MountLiveState> Mounts)> ReadLiveStateAsync()
    {
        var ids = await GrainFactory.GetGrain<IServerDirectoryGrain>(IServerDirectoryGrain.Key).List();
        var servers = new List<ServerObservation>();
        var mounts = new List<MountLiveState>();
        foreach (var id in ids)
        {
            var grain = GrainFactory.GetGrain<IIcecastServerGrain>(id);
            if (await grain.Get() is not { } view)
            {
                continue;
            }

            servers.Add(new ServerObservation(view.Id, view.Status, view.StatusDetail, view.Enabled));
            if (view.Enabled)
            {
                mounts.AddRange(await grain.GetMounts());
            }
        }

        return (servers, mounts);
    }

    /// <summary>The usual level of this hour of the week for the scope, read once per scope and hour.</summary>
    private async Task<double?> BaselineAsync(Scope scope, DateTimeOffset now)
    {
        var zone = await stations.ZoneOfAsync(scope);
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var key = (scope, DateOnly.FromDateTime(local), local.Hour);
        if (_baselines.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var days = AudienceBaseline.DaysFor(local).ToList();
        var rows = await aggregates.LoadAsync(scope, days.Min(), days.Max(), CancellationToken.None, withBreakdowns: false, withGross: false);
        var hours = rows.ToDictionary(r => r.Date, r => r.Hours.Select(h => h.ListenSeconds).ToArray());
        var baseline = AudienceBaseline.Compute(local, hours);
        if (_baselines.Count > 1000)
        {
            _baselines.Clear();
        }

        _baselines[key] = baseline;
        return baseline;
    }

    public static Scope ScopeOf(AlertScope? scope) => scope switch
    {
        { Station: { } station } => Scope.Station(station),
        { Group: { } group } => Scope.Group(group),
        { Server: { } server, Mount: { } mount } => Scope.Mount(server, mount),
        { Server: { } server } => Scope.Server(server),
        _ => Scope.Network,
    };

    [LoggerMessage(EventId = 2600, Level = LogLevel.Information, Message = "Alert rule {Rule} {State}: {Subject}: {Summary}")]
    private static partial void LogAlert(ILogger logger, string rule, string state, string subject, string summary);

    [LoggerMessage(EventId = 2601, Level = LogLevel.Warning, Message = "Alert evaluation failed (PostgreSQL or a grain unavailable); it runs again at the next interval")]
    private static partial void LogEvaluationFailed(ILogger logger, Exception exception);
}
