namespace Asteroid.Servers;

/// <summary>The list of configured server ids (key "default"). Changes only when an admin adds or
/// removes a server, so one grain is not a hot spot.</summary>
[Alias("asteroid.server-directory")]
public interface IServerDirectoryGrain : IGrainWithStringKey
{
    public const string Key = "default";

    [Alias("add")]
    Task Add(string serverId);

    [Alias("remove")]
    Task Remove(string serverId);

    [Alias("list")]
    Task<IReadOnlyList<string>> List();
}
