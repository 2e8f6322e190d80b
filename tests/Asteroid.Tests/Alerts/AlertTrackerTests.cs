using Asteroid.Alerts;

namespace Asteroid.Tests.Alerts;

public sealed class AlertTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static (TrackedSubject State, List<AlertTransition> Fired) Run(IEnumerable<(int Second, bool Holds)> steps, int forSeconds, int quietMinutes)
    {
        var state = TrackedSubject.Idle;
        var transitions = new List<AlertTransition>();
        foreach (var (second, holds) in steps)
        {
            (state, var transition) = AlertTracker.Step(state, holds, T0.AddSeconds(second), forSeconds, quietMinutes);
            if (transition != AlertTransition.None)
            {
                transitions.Add(transition);
            }
        }

        return (state, transitions);
    }

    [Fact]
    public void A_condition_shorter_than_forSeconds_fires_nothing()
    {
        var (state, fired) = Run([(0, true), (10, true), (29, true), (30, false)], forSeconds: 30, quietMinutes: 0);
        Assert.Empty(fired);
        Assert.Equal(AlertPhase.Idle, state.Phase);
    }

    [Fact]
    public void Pending_becomes_firing_once_at_forSeconds_then_resolves_once()
    {
        var state = TrackedSubject.Idle;
        (state, var t) = AlertTracker.Step(state, true, T0, 30, 0);
        Assert.Equal((AlertPhase.Pending, AlertTransition.None), (state.Phase, t));
        Assert.Equal(T0, state.Since);
        (state, t) = AlertTracker.Step(state, true, T0.AddSeconds(30), 30, 0);
        Assert.Equal((AlertPhase.Firing, AlertTransition.Fire), (state.Phase, t));
        Assert.Equal(T0, state.Since); // since when the condition held
        (state, t) = AlertTracker.Step(state, true, T0.AddSeconds(90), 30, 0);
        Assert.Equal((AlertPhase.Firing, AlertTransition.None), (state.Phase, t));
        (state, t) = AlertTracker.Step(state, false, T0.AddSeconds(100), 30, 0);
        Assert.Equal((AlertPhase.Idle, AlertTransition.Resolve), (state.Phase, t));
        (_, t) = AlertTracker.Step(state, false, T0.AddSeconds(110), 30, 0);
        Assert.Equal(AlertTransition.None, t);
    }

    [Fact]
    public void ForSeconds_zero_fires_on_the_first_observation()
    {
        var (_, t) = AlertTracker.Step(TrackedSubject.Idle, true, T0, 0, 0);
        Assert.Equal(AlertTransition.Fire, t);
    }

    [Fact]
    public void A_flap_within_the_quiet_period_is_the_same_incident()
    {
        // fires at 10 s, resolves at 20 s, holds again from 60 s (within 5 quiet minutes): no second alert, no second recovery.
        var (state, fired) = Run([(0, true), (10, true), (20, false), (60, true), (80, true), (100, false)], forSeconds: 10, quietMinutes: 5);
        Assert.Equal([AlertTransition.Fire, AlertTransition.Resolve], fired);
        Assert.Equal(AlertPhase.Idle, state.Phase);
        Assert.Equal(T0.AddSeconds(10), state.LastFiredAt);
    }

    [Fact]
    public void After_the_quiet_period_a_new_incident_fires_again()
    {
        var (_, fired) = Run([(0, true), (10, true), (20, false), (400, true), (410, true), (420, false)], forSeconds: 10, quietMinutes: 5);
        Assert.Equal([AlertTransition.Fire, AlertTransition.Resolve, AlertTransition.Fire, AlertTransition.Resolve], fired);
    }

    [Fact]
    public void A_suppressed_condition_that_still_holds_when_the_quiet_period_ends_fires_then()
    {
        // Fired at 10 s, flapped back at 60 s (suppressed: the same incident), still holding at 310 s,
        // when the 5 quiet minutes since the firing are over: a long outage that began as a flap is
        // notified then, not hidden for as long as it lasts (it used to stay silent).
        var (state, fired) = Run([(0, true), (10, true), (20, false), (60, true), (70, true), (300, true), (310, true), (1000, true)], forSeconds: 10, quietMinutes: 5);
        Assert.Equal([AlertTransition.Fire, AlertTransition.Resolve, AlertTransition.Fire], fired);
        Assert.Equal(AlertPhase.Firing, state.Phase);
        Assert.Equal(T0.AddSeconds(310), state.LastFiredAt);
        Assert.Equal(T0.AddSeconds(60), state.Since); // since the outage began
    }
}
