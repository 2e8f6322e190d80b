namespace Asteroid.Web.Access;

/// <summary>What a report reads: a station, one mount, a whole server, the whole network, or a group of stations.</summary>
public abstract record class ReportScope
{
    private ReportScope()
    {
    }

    public sealed record class Station(string Id) : ReportScope;

    public sealed record class Mount(string ServerId, string Path) : ReportScope;

    public sealed record class Server(string Id) : ReportScope;

    public sealed record class Network : ReportScope;

    public sealed record class Group(string Id) : ReportScope;
}
