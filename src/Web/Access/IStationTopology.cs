namespace Asteroid.Web.Access;

/// <summary>Which stations the network's mounts belong to, as the access rules need it. A mount in
/// no explicit station belongs to the implicit station named after its server.</summary>
public interface IStationTopology
{
    /// <summary>The station a mount counts in.</summary>
    string StationOf(string server, string mount);

    /// <summary>Every station with a mount on the server (its implicit station included).</summary>
    IReadOnlyCollection<string> StationsOn(string server);

    /// <summary>Every station of the network (each server's implicit station included).</summary>
    IReadOnlyCollection<string> AllStations { get; }
}
