namespace Asteroid.Web.Access;

/// <summary>The access rules, pure: may a principal holding <see cref="Grants"/> read a scope, manage
/// a station, see a mount. A group grant stands for the group's stations; an unknown group grants
/// nothing. A principal with no grant at all reads nothing, the network included.</summary>
public sealed class AccessRules(IStationTopology topology, IGroupMembership groups)
{
    /// <summary>The stations the principal may read: its own and those of its (known) groups.</summary>
    public HashSet<string> StationsOf(Grants grants)
    {
        var stations = new HashSet<string>(grants.Stations, StringComparer.Ordinal);
        foreach (var group in grants.Groups)
        {
            if (groups.StationsOf(group) is { } members)
            {
                stations.UnionWith(members);
            }
        }

        return stations;
    }

    public bool MayRead(Grants grants, ReportScope scope)
    {
        if (grants.IsAdmin)
        {
            return true;
        }

        var stations = StationsOf(grants);
        return scope switch
        {
            ReportScope.Station s => stations.Contains(s.Id),
            ReportScope.Mount m => stations.Contains(topology.StationOf(m.ServerId, m.Path)),
            ReportScope.Server s => AllGranted(stations, topology.StationsOn(s.Id)),
            ReportScope.Network => AllGranted(stations, topology.AllStations),
            ReportScope.Group g => groups.StationsOf(g.Id) is { } members
                && (grants.Groups.Contains(g.Id) || AllGranted(stations, members)),
            _ => false,
        };
    }

    /// <summary>Does the mount belong to the scope (a station's mounts, a group's stations' mounts,
    /// a server's mounts, the mount itself; every mount for the network)? An unknown group holds none.</summary>
    public bool InScope(ReportScope scope, string server, string mount) => scope switch
    {
        ReportScope.Station s => topology.StationOf(server, mount) == s.Id,
        ReportScope.Mount m => m.ServerId == server && m.Path == mount,
        ReportScope.Server s => s.Id == server,
        ReportScope.Group g => groups.StationsOf(g.Id) is { } members && members.Contains(topology.StationOf(server, mount)),
        _ => true,
    };

    /// <summary>Does the server carry any mount of the scope?</summary>
    public bool ServerInScope(ReportScope scope, string server) => scope switch
    {
        ReportScope.Station s => topology.StationsOn(server).Contains(s.Id),
        ReportScope.Mount m => m.ServerId == server,
        ReportScope.Server s => s.Id == server,
        ReportScope.Group g => groups.StationsOf(g.Id) is { } members && topology.StationsOn(server).Any(members.Contains),
        _ => true,
    };

    /// <summary>The station a mount counts in.</summary>
    public string StationOfMount(string server, string mount) => topology.StationOf(server, mount);

    /// <summary>May see a mount in a listing (live counts, SignalR): the mount's station is readable.</summary>
    public bool MaySee(Grants grants, string server, string mount) => MayRead(grants, new ReportScope.Mount(server, mount));

    /// <summary>May read at least one station with a mount on the server (to see that it exists).</summary>
    public bool MayReadAnyOf(Grants grants, string server) =>
        grants.IsAdmin || StationsOf(grants).Overlaps(topology.StationsOn(server));

    /// <summary>May change a station's settings: an admin, or a manager who may read it.</summary>
    public bool MayManageStation(Grants grants, string station) =>
        grants.IsAdmin || (grants.Role == Roles.Manager && StationsOf(grants).Contains(station));

    /// <summary>What a manager may change on a station they manage: name and time zone, and its mounts
    /// to any subset of the mounts it has (adding one would take another station's data). Admins may
    /// change anything. Null when allowed, else why not.</summary>
    public string? CheckStationEdit(Grants grants, string station, IReadOnlyCollection<(string Server, string Mount)>? current,
        IReadOnlyCollection<(string Server, string Mount)> proposed)
    {
        if (grants.IsAdmin)
        {
            return null;
        }

        if (!MayManageStation(grants, station))
        {
            return grants.Role == Roles.Manager ? $"station '{station}' is not one of yours" : "only admins and managers change stations";
        }

        if (current is null)
        {
            return "only admins create stations";
        }

        var have = current.ToHashSet();
        return proposed.All(have.Contains) ? null : "a manager may remove mounts from their station, not add them (ask an admin)";
    }

    private static bool AllGranted(HashSet<string> granted, IReadOnlyCollection<string> needed) =>
        granted.Count > 0 && needed.All(granted.Contains);
}
