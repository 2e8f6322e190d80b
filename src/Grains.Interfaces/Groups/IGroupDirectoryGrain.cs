namespace Asteroid.Groups;

/// <summary>All groups of stations (key "default"). Changes only on admin edits; silos cache it
/// with the stations (<c>StationResolver</c>).</summary>
[Alias("asteroid.group-directory")]
public interface IGroupDirectoryGrain : IGrainWithStringKey
{
    public const string Key = "default";

    /// <summary>Creates or replaces a group.</summary>
    [Alias("put")]
    Task Put(GroupDefinition group);

    [Alias("remove")]
    Task<bool> Remove(string id);

    [AlwaysInterleave, Alias("list")]
    Task<GroupList> List();
}
