using Asteroid.Servers;
using Asteroid.Stations;

namespace Asteroid.Web.Access;

/// <summary>The stations as the access rules see them, from the station and server directories. A
/// server's implicit station counts as a station on it even when every mount it has now is in an
/// explicit station (mounts come and go): reading a whole server or the network needs that grant too.</summary>
public sealed class StationTopology : IStationTopology
{
    private readonly Dictionary<(string, string), string> _byMount = [];
    private readonly Dictionary<string, HashSet<string>> _byServer = new(StringComparer.Ordinal);
    private readonly HashSet<string> _all = new(StringComparer.Ordinal);

    public StationTopology(IEnumerable<StationDefinition> stations, IEnumerable<string> servers)
    {
        foreach (var station in stations)
        {
            _all.Add(station.Id);
            foreach (var mount in station.Mounts)
            {
                _byMount[(mount.Server, mount.Mount)] = station.Id;
                On(mount.Server).Add(station.Id);
            }
        }

        foreach (var server in servers)
        {
            _all.Add(server);
            On(server).Add(server);
        }
    }

    public IReadOnlyCollection<string> AllStations => _all;

    public string StationOf(string server, string mount) => _byMount.TryGetValue((server, mount), out var station) ? station : server;

    public IReadOnlyCollection<string> StationsOn(string server) => _byServer.TryGetValue(server, out var stations) ? stations : [server];

    private HashSet<string> On(string server)
    {
        if (!_byServer.TryGetValue(server, out var set))
        {
            set = new HashSet<string>(StringComparer.Ordinal) { server };
            _byServer[server] = set;
        }

        return set;
    }
}

/// <summary>The current <see cref="AccessRules"/>, over a topology read from the directories and kept
/// a few seconds (an edit on this node refreshes it at once).</summary>
public sealed class AccessRulesSource(IGrainFactory grains, TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    private volatile Snapshot? _current;

    public async ValueTask<AccessRules> CurrentAsync()
    {
        var current = _current;
        if (current is null || time.GetUtcNow() - current.LoadedAt > Lifetime)
        {
            var stations = grains.GetGrain<IStationDirectoryGrain>(IStationDirectoryGrain.Key).List();
            var servers = grains.GetGrain<IServerDirectoryGrain>(IServerDirectoryGrain.Key).List();
            var groups = grains.GetGrain<Asteroid.Groups.IGroupDirectoryGrain>(Asteroid.Groups.IGroupDirectoryGrain.Key).List();
            var topology = new StationTopology((await stations).Stations, await servers);
            current = new Snapshot(new AccessRules(topology, new DirectoryGroups((await groups).Groups)), time.GetUtcNow());
            _current = current;
        }

        return current.Rules;
    }

    public void Invalidate() => _current = null;

    private sealed record class Snapshot(AccessRules Rules, DateTimeOffset LoadedAt);
}
