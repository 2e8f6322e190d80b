using System.ComponentModel.DataAnnotations;

namespace Asteroid.Sessions;

/// <summary>Configuration section <c>Sessions</c>: the per-silo write buffer in front of PostgreSQL.</summary>
public sealed class SessionOptions
{
    public const string Section = "Sessions";

    /// <summary>Session starts and ends waiting to be written. While PostgreSQL is down they wait
    /// here; when it is full, callers wait (back-pressure) up to <see cref="EnqueueTimeoutSeconds"/>.</summary>
    [Range(1000, 50_000_000)]
    public int BufferCapacity { get; set; } = 1_000_000;

    [Range(0, 3600)]
    public int EnqueueTimeoutSeconds { get; set; } = 30;

    [Range(1, 100_000)]
    public int MaxBatch { get; set; } = 5000;
}
