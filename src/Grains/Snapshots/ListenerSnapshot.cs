namespace Asteroid.Snapshots;

/// <summary>One row of <c>listener_snapshots</c>: a mount's listener count at one poll.</summary>
public readonly record struct ListenerSnapshot(DateTimeOffset At, string ServerId, string Mount, int Listeners);
