using System.ComponentModel.DataAnnotations;

namespace Asteroid.Events;

/// <summary>Configuration section <c>Streams</c>: the per-silo queue in front of the event streams.</summary>
public sealed class EventStreamOptions
{
    public const string Section = "Streams";

    /// <summary>Events (per stream) that may wait on a silo; beyond that new events are dropped and counted.</summary>
    [Range(100, 1_000_000)]
    public int BufferCapacity { get; set; } = 10_000;

    /// <summary>How long one batch may take to reach its stream before it is dropped.</summary>
    [Range(1, 60)]
    public int PublishTimeoutSeconds { get; set; } = 5;
}
