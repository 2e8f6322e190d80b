using Asteroid.Analytics;
using Asteroid.Icecast;
using Asteroid.Rebuilds;
using Asteroid.Stations;

namespace Asteroid.Reports;

/// <summary>Turns a report request into its scope: a station, a mount of a server, a whole server,
/// a group, or (none given) the whole network. An unknown station, server or group is
/// <see cref="ReportProblemKind.NotFound"/>; a range whose local days cannot be placed on the UTC
/// time line (the first or last day of the calendar in a zone ahead of or behind UTC) is
/// <see cref="ReportProblemKind.Invalid"/>. The scope carries its members (the mounts it has now)
/// and, while its history is being rebuilt, how far that is.</summary>
public sealed class ScopeResolver(StationResolver stations, ScopeRebuilds rebuilds)
{
    public async Task<(ReportScope? Scope, ReportProblem? Problem)> ResolveAsync(ReportRequest request)
    {
        string id, zoneId, kind;
        Scope scope;
        if (request.Station is { Length: > 0 } station)
        {
            var definition = ServerIds.IsValid(station) ? await stations.FindAsync(station) : null;
            if (definition is null)
            {
                return (null, new ReportProblem(ReportProblemKind.NotFound, "Unknown station", $"No station with id '{station}'."));
            }

            (id, zoneId, kind, scope) = (definition.Id, definition.TimeZone, Scope.StationKind, Scope.Station(station));
        }
        else if (request.Group is { Length: > 0 } groupId)
        {
            var group = ServerIds.IsValid(groupId) ? await stations.FindGroupAsync(groupId) : null;
            if (group is null)
            {
                return (null, new ReportProblem(ReportProblemKind.NotFound, "Unknown group", $"No group with id '{groupId}'."));
            }

            (id, zoneId, kind, scope) = ("", group.TimeZone, Scope.GroupKind, Scope.Group(groupId));
        }
        else if (request.Server is { Length: > 0 } server)
        {
            var (serverZone, exists) = ServerIds.IsValid(server) ? await stations.ServerZoneAsync(server) : ("", false);
            if (!exists)
            {
                return (null, new ReportProblem(ReportProblemKind.NotFound, "Unknown server", $"No Icecast server with id '{server}'."));
            }

            if (request.Mount is null)
            {
                (id, zoneId, kind, scope) = ("", serverZone, Scope.ServerKind, Scope.Server(server));
            }
            else if (!ReportRules.IsValidMount(request.Mount))
            {
                return (null, new ReportProblem(ReportProblemKind.Invalid, "The report parameters are not valid", "mount= starts with '/' and has no control characters", "mount"));
            }
            else
            {
                var definition = await stations.ResolveAsync(server, request.Mount);
                (id, zoneId, kind, scope) = (definition.Id, definition.TimeZone, Scope.MountKind, Scope.Mount(server, request.Mount));
            }
        }
        else
        {
            (id, zoneId, kind, scope) = ("", stations.NetworkTimeZone, Scope.NetworkKind, Scope.Network);
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        foreach (var (name, date) in new[] { ("from", request.From), ("to", request.To) })
        {
            if (!Placeable(date, zone))
            {
                return (null, new ReportProblem(ReportProblemKind.Invalid, "The report parameters are not valid",
                    $"{date:yyyy-MM-dd} cannot be counted in the time zone {zone.Id}: its local day starts or ends outside the calendar", request.SingleDate ? "date" : name));
            }
        }

        var header = new ReportHeader(id, zone.Id, request.From, request.To, request.Server is { Length: > 0 } ? request.Server : null,
            request.Server is { Length: > 0 } ? request.Mount : null)
        {
            Scope = kind,
            Group = kind == Scope.GroupKind ? request.Group : null,
            Rebuilding = await rebuilds.ProgressAsync(scope),
        };
        return (new ReportScope(scope, zone, header, request.SingleDate) { Members = await stations.MembersAsync(scope) }, null);
    }

    private static bool Placeable(DateOnly date, TimeZoneInfo zone)
    {
        try
        {
            _ = DayWindow.For(date, zone);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }
}
