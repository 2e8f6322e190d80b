namespace Asteroid.Analytics;

/// <summary>What an aggregate is about: a station (<c>station:{id}</c>), a single mount
/// (<c>mount:{server}{mount}</c>), a whole server (<c>server:{id}</c>), a group of stations
/// (<c>group:{id}</c>) or the whole network (<c>network:all</c>). Grain keys append the local date:
/// <c>station:main|2026-11-20</c>. Each kind counts its days in its own time zone (see
/// <see cref="Stations.StationResolver.ZoneOfAsync"/>), and its sessions are those of its mounts as
/// they are grouped now (<see cref="ScopeMembers"/>).</summary>
public readonly record struct Scope(string Kind, string Id)
{
    public const string StationKind = "station";
    public const string MountKind = "mount";
    public const string ServerKind = "server";
    public const string GroupKind = "group";
    public const string NetworkKind = "network";

    public static Scope Network { get; } = new(NetworkKind, "all");

    public static Scope Station(string id) => new(StationKind, id);

    public static Scope Mount(string server, string mount) => new(MountKind, server + mount);

    public static Scope Server(string id) => new(ServerKind, id);

    public static Scope Group(string id) => new(GroupKind, id);

    public override string ToString() => Kind + ":" + Id;

    public string GrainKey(DateOnly date) => $"{this}|{date:yyyy-MM-dd}";

    /// <summary>Reads <c>station:main</c> or <c>mount:main/live.mp3</c>.</summary>
    public static Scope Parse(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return new Scope(text[..colon], text[(colon + 1)..]);
    }

    public static (Scope Scope, DateOnly Date) ParseGrainKey(string key)
    {
        var bar = key.LastIndexOf('|');
        return (Parse(key[..bar]), DateOnly.ParseExact(key[(bar + 1)..], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }
}
