namespace Asteroid.Web.Access;

/// <summary>The stations of a named group of stations (issue 11's <c>/admin/groups</c>).</summary>
public interface IGroupMembership
{
    /// <summary>The group's stations, or null for a group that does not exist.</summary>
    IReadOnlyCollection<string>? StationsOf(string groupId);
}

/// <summary>Until groups exist every group is unknown: group grants are stored and listed but grant nothing.</summary>
public sealed class NoGroups : IGroupMembership
{
    public IReadOnlyCollection<string>? StationsOf(string groupId) => null;
}
