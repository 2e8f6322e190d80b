namespace Asteroid.Alerts;

/// <summary>Where one subject of one rule stands: idle (the condition does not hold), pending (it holds,
/// not yet for forSeconds), firing (notified), suppressed (it held long enough, but within the quiet
/// period after the last firing: the same incident, not notified).</summary>
public enum AlertPhase
{
    Idle,
    Pending,
    Firing,
    Suppressed,
}

/// <summary>The state of one (rule, subject) pair, as stored in <c>alert_state</c>.</summary>
public sealed record class TrackedSubject(AlertPhase Phase, DateTimeOffset? Since, DateTimeOffset? LastFiredAt)
{
    public static TrackedSubject Idle { get; } = new(AlertPhase.Idle, null, null);
}

/// <summary>What a step asks to notify: the condition held for forSeconds (<see cref="Fire"/>), or a
/// notified incident ended (<see cref="Resolve"/>).</summary>
public enum AlertTransition
{
    None,
    Fire,
    Resolve,
}

/// <summary>The state machine of one rule for one subject, pure: idle → pending (the condition holds)
/// → firing once it has held <c>forSeconds</c> → resolved (idle again, with a recovery message) when it
/// stops holding. A condition that comes back within <c>quietMinutes</c> of the last firing is the same
/// incident: it becomes suppressed, is not notified, and its end is not notified either — unless it
/// still holds when the quiet period is over: then it fires.</summary>
public static class AlertTracker
{
    public static (TrackedSubject State, AlertTransition Transition) Step(TrackedSubject state, bool holds, DateTimeOffset now, int forSeconds, int quietMinutes)
    {
        if (!holds)
        {
            return state.Phase switch
            {
                AlertPhase.Firing => (state with { Phase = AlertPhase.Idle, Since = null }, AlertTransition.Resolve),
                AlertPhase.Idle => (state, AlertTransition.None),
                _ => (state with { Phase = AlertPhase.Idle, Since = null }, AlertTransition.None),
            };
        }

        switch (state.Phase)
        {
            case AlertPhase.Idle:
                state = state with { Phase = AlertPhase.Pending, Since = now };
                goto case AlertPhase.Pending;
            case AlertPhase.Pending:
                if (now - state.Since!.Value < TimeSpan.FromSeconds(forSeconds))
                {
                    return (state, AlertTransition.None);
                }

                if (state.LastFiredAt is { } last && now - last < TimeSpan.FromMinutes(quietMinutes))
                {
                    return (state with { Phase = AlertPhase.Suppressed }, AlertTransition.None);
                }

                return (state with { Phase = AlertPhase.Firing, LastFiredAt = now }, AlertTransition.Fire);
            case AlertPhase.Suppressed when state.LastFiredAt is { } fired && now - fired >= TimeSpan.FromMinutes(quietMinutes):
                // Still holding when the quiet period is over: a long outage that began as a flap is
                // notified now (since when it began), not hidden for as long as it lasts.
                return (state with { Phase = AlertPhase.Firing, LastFiredAt = now }, AlertTransition.Fire);
            default:
                return (state, AlertTransition.None);
        }
    }
}
