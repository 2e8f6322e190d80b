using Asteroid.Mounts;
using Asteroid.Servers;

namespace Asteroid.Alerts;

/// <summary>What one evaluation sees of a rule's scope: its mounts' live state, its servers, and (for
/// audience-drop) the usual listener level of this hour of the week.</summary>
public sealed record class AlertObservation(
    IReadOnlyList<MountLiveState> Mounts,
    IReadOnlyList<ServerObservation> Servers,
    double? Baseline = null,
    IReadOnlyList<Import.ImportOutcome>? Imports = null);

/// <summary>A server as the evaluation sees it: its discovery status (the strings of <see cref="MountStatus"/>).</summary>
public sealed record class ServerObservation(string Id, string Status, string? Detail, bool Enabled);

/// <summary>Whether a rule's condition holds for one subject right now, and what to say about it.
/// <see cref="Unknown"/>: nothing is known yet (a mount or server not polled since a start): the
/// subject keeps its state — a restart must not look like a recovery, nor 0 listeners like a drop.</summary>
public sealed record class AlertSignal(string Subject, bool Holds, string? Server, string? Mount, double? Value, string Summary, bool Unknown = false);

/// <summary>The conditions of the rule kinds, pure (docs/alerts.md): each turns an observation into one
/// signal per subject — a mount (mount-offline), a server (collection-failing) or the scope (threshold,
/// audience-drop). <see cref="AlertTracker"/> turns the signals over time into alerts.</summary>
public static class AlertConditions
{
    /// <summary>Default <c>minimumBaseline</c> of audience-drop: below this usual level (average
    /// listeners of the hour) a drop is noise, and the rule does not fire.</summary>
    public const double DefaultMinimumBaseline = 5;

    /// <summary>Statuses that mean the stats are not being collected (not: ok, not yet polled, a mount
    /// without a source, a server an admin disabled).</summary>
    public static bool IsFailing(string status) =>
        status is not (MountStatus.Ok or MountStatus.Pending or MountStatus.Offline or MountStatus.Disabled);

    /// <summary>Default <c>percent</c> of collection-failing: an import that rejects more than this
    /// share of its lines is a failing collection.</summary>
    public const double DefaultImportRejectedPercent = 10;

    public static IEnumerable<AlertSignal> Evaluate(AlertRule rule, AlertObservation seen) => rule.Kind switch
    {
        AlertKinds.MountOffline => seen.Mounts.Select(m => new AlertSignal($"{m.Server}{m.Mount}", m.Status == MountStatus.Offline, m.Server, m.Mount, m.Listeners,
            m.Status == MountStatus.Offline ? $"{m.Server}{m.Mount} has no source" : $"{m.Server}{m.Mount} is back ({m.Status})", m.Status == MountStatus.Pending)),
        AlertKinds.CollectionFailing => CollectionFailing(seen).Concat(ImportsFailing(rule, seen)),
        AlertKinds.Threshold => [Threshold(rule, seen)],
        AlertKinds.SharedAddress => seen.Mounts.Select(m => new AlertSignal($"{m.Server}{m.Mount}", m.SharedAddress is not null, m.Server, m.Mount,
            m.SharedAddress?.Percent,
            m.SharedAddress is { } shared
                ? $"{m.Server}{m.Mount}: {shared.Sharing} of {shared.Listeners} listeners share one address (a proxy hiding them?)"
                : $"{m.Server}{m.Mount}: its listeners no longer share one address",
            m.Status == MountStatus.Pending)),
        AlertKinds.AudienceDrop => [AudienceDrop(rule, seen)],
        _ => [],
    };

    private static IEnumerable<AlertSignal> CollectionFailing(AlertObservation seen)
    {
        foreach (var server in seen.Servers.Where(s => s.Enabled))
        {
            var failingMounts = seen.Mounts.Where(m => m.Server == server.Id && IsFailing(m.Status)).ToList();
            var failing = IsFailing(server.Status) || failingMounts.Count > 0;
            var why = IsFailing(server.Status)
                ? $"polling {server.Id} fails: {server.Status}{(server.Detail is null ? "" : " (" + server.Detail + ")")}"
                : failingMounts.Count > 0
                    ? $"polling {server.Id} fails: {string.Join(", ", failingMounts.Take(5).Select(m => $"{m.Mount} {m.Status}"))}"
                    : $"polling {server.Id} is ok again";
            yield return new AlertSignal(server.Id, failing, server.Id, null, failingMounts.Count, why, server.Status == MountStatus.Pending && failingMounts.Count == 0);
        }
    }

    /// <summary>The last import of each kind of the scope's servers: failing while it rejected more
    /// than the rule's <c>percent</c> (default <see cref="DefaultImportRejectedPercent"/>) of its lines,
    /// until a later import of that kind rejects no more than that.</summary>
    private static IEnumerable<AlertSignal> ImportsFailing(AlertRule rule, AlertObservation seen)
    {
        var limit = rule.Percent ?? DefaultImportRejectedPercent;
        foreach (var import in (seen.Imports ?? []).Where(i => seen.Servers.Any(s => s.Id == i.Server && s.Enabled)))
        {
            var share = import.RejectedPercent;
            var holds = share > limit;
            yield return new AlertSignal($"{import.Server} {import.Kind} import", holds, import.Server, null, Math.Round(share, 2),
                $"the {import.Kind} import of {import.Server} at {import.FinishedAt:yyyy-MM-dd HH:mm} UTC rejected {import.RejectedLines} of {import.LinesRead} lines ({share:0.#} %; "
                + (holds ? $"alert above {limit:0.##} %)" : $"at most {limit:0.##} % is fine)"));
        }
    }

    /// <summary>A mount of the scope has not been polled since a start: the scope's count is not known yet.</summary>
    private static bool NotPolledYet(AlertObservation seen) => seen.Mounts.Any(m => m.Status == MountStatus.Pending);

    /// <summary>Listeners of the scope now: the sum of its mounts' last counts.</summary>
    public static int Listeners(AlertObservation seen) => seen.Mounts.Sum(m => m.Listeners);

    private static AlertSignal Threshold(AlertRule rule, AlertObservation seen)
    {
        var listeners = Listeners(seen);
        var limit = rule.Threshold ?? 0;
        var below = rule.Direction == "below";
        var holds = below ? listeners < limit : listeners > limit;
        var scope = rule.Scope?.ToString() ?? "network:all";
        return new AlertSignal(scope, holds, rule.Scope?.Server, rule.Scope?.Mount, listeners,
            $"{listeners} listeners on {scope} ({(below ? "alert below" : "alert above")} {limit:0.##})", NotPolledYet(seen));
    }

    private static AlertSignal AudienceDrop(AlertRule rule, AlertObservation seen)
    {
        var listeners = Listeners(seen);
        var scope = rule.Scope?.ToString() ?? "network:all";
        var minimum = rule.MinimumBaseline ?? DefaultMinimumBaseline;
        if (seen.Baseline is not { } usual || usual < minimum)
        {
            return new AlertSignal(scope, false, rule.Scope?.Server, rule.Scope?.Mount, listeners,
                $"{listeners} listeners on {scope}; no usual level of at least {minimum:0.##} for this hour of the week");
        }

        var percent = rule.Percent ?? 50;
        var holds = listeners < usual * percent / 100;
        return new AlertSignal(scope, holds, rule.Scope?.Server, rule.Scope?.Mount, listeners,
            $"{listeners} listeners on {scope}, {(usual > 0 ? listeners / usual * 100 : 0):0}% of the usual {usual:0.#} for this hour of the week (alert below {percent:0.##}%)",
            NotPolledYet(seen));
    }
}
