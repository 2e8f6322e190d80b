namespace Asteroid.Servers;

/// <summary>Persisted state of a server grain. Stored as JSON by the ADO.NET provider: keep the
/// type and member names stable (renaming breaks stored rows).</summary>
[GenerateSerializer, Alias("asteroid.server-state")]
public sealed class IcecastServerState
{
    [Id(0)] public IcecastServerSettings? Settings { get; set; }

    /// <summary>Fingerprint of the configuration entry last applied by <c>Seed</c>.</summary>
    [Id(1)] public string? SeededFrom { get; set; }

    /// <summary>Every mount this server has shown; a mount that disappears stays here, offline.</summary>
    [Id(2)] public SortedSet<string> Mounts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Secret in the URL of Icecast's push hooks (Icecast sends no usable credentials).</summary>
    [Id(3)] public string? HookToken { get; set; }
}
