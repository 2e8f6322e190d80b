namespace Asteroid.Analytics;

/// <summary>What a scope-day grain keeps in memory: sessions added once each (by id) to one local day.</summary>
public interface IDayAccumulator<TSelf>
    where TSelf : IDayAccumulator<TSelf>
{
    DayWindow Day { get; }

    int SessionCount { get; }

    bool Contains(Guid sessionId);

    /// <summary>Adds a session; false if this session id was already added.</summary>
    bool Add(SessionFact f);

    /// <summary>Adds a session still connected, counted up to its <see cref="SessionFact.End"/> (now)
    /// for a live view: it has not ended, so it is in no <c>sessionsEnded</c>.</summary>
    void AddOpen(SessionFact f);

    /// <summary>An independent copy (for a live view that adds open sessions without changing this one).</summary>
    TSelf Clone();
}
