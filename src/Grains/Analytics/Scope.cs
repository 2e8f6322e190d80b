namespace Asteroid.Analytics;

/// <summary>What an aggregate is about: a station (<c>station:{id}</c>) or a single mount
/// (<c>mount:{server}{mount}</c>). Grain keys append the local date: <c>station:main|2026-11-20</c>.</summary>
public readonly record struct Scope(string Kind, string Id)
{
    public const string StationKind = "station";
    public const string MountKind = "mount";

    public static Scope Station(string id) => new(StationKind, id);

    public static Scope Mount(string server, string mount) => new(MountKind, server + mount);

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
