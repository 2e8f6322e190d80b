namespace Asteroid.Mounts;

/// <summary>The grain key of a mount: <c>{serverId}{mount}</c>, e.g. <c>main/live.mp3</c>. Server ids
/// cannot contain '/', and Icecast mounts always start with '/', so the first '/' splits them.</summary>
public static class MountKey
{
    public static string Format(string serverId, string mount) => serverId + mount;

    public static (string ServerId, string Mount) Parse(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            throw new FormatException($"'{key}' is not a mount key (expected server id followed by a mount path).");
        }

        return (key[..slash], key[slash..]);
    }
}
