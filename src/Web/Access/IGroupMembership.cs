namespace Asteroid.Web.Access;

/// <summary>The stations of a named group of stations (issue 11's <c>/admin/groups</c>).</summary>
public interface IGroupMembership
{
    /// <summary>The group's stations, or null for a group that does not exist.</summary>
    IReadOnlyCollection<string>? StationsOf(string groupId);
}

/// <summary>No group is known: group grants are stored and listed but grant nothing.</summary>
public sealed class NoGroups : IGroupMembership
{
    public IReadOnlyCollection<string>? StationsOf(string groupId) => null;
}

/// <summary>The groups of <c>/admin/groups</c> as they were read with the rest of the topology.</summary>
public sealed class DirectoryGroups(IEnumerable<Asteroid.Groups.GroupDefinition> groups) : IGroupMembership
{
    private readonly Dictionary<string, IReadOnlyCollection<string>> _stations =
        groups.ToDictionary(g => g.Id, g => (IReadOnlyCollection<string>)g.Stations.ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);

    public IReadOnlyCollection<string>? StationsOf(string groupId) => _stations.GetValueOrDefault(groupId);
}
