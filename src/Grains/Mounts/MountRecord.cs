namespace Asteroid.Mounts;

/// <summary>Persisted part of a mount grain: only whether it should be polling. Counts and listener
/// lists are live data and are rebuilt by the next poll.</summary>
[GenerateSerializer, Alias("asteroid.mount-record")]
public sealed class MountRecord
{
    [Id(0)] public bool Polling { get; set; }
}
