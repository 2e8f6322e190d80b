using Asteroid.Reports;
using Asteroid.Stations;

namespace Asteroid.Rebuilds;

/// <summary>The rebuilds of scope histories after a regrouping, as the admin API asks for them and
/// shows their progress (a stateless worker, key <see cref="Key"/>, on the calling silo). Scopes are
/// named by kind (<c>station</c>, <c>group</c>, …) and id.</summary>
[Alias("asteroid.scope-rebuild")]
public interface IScopeRebuildGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>After a station changed from <paramref name="old"/> to <paramref name="now"/> (null:
    /// created or removed): rebuilds the station, the implicit stations of the servers whose mounts
    /// joined or left it, and its groups (nothing when neither its mounts nor its zone changed).</summary>
    [Alias("station-changed")]
    Task StationChanged(StationDefinition? old, StationDefinition? now);

    /// <summary>Rebuilds one scope's history (a group created or changed).</summary>
    [Alias("request")]
    Task Request(string kind, string id);

    /// <summary>Drops a scope's pending rebuild (a group removed).</summary>
    [Alias("cancel")]
    Task Cancel(string kind, string id);

    /// <summary>Days done and in all of the scope's rebuild; null when none is under way.</summary>
    [AlwaysInterleave, Alias("progress")]
    Task<RebuildProgress?> Progress(string kind, string id);
}
