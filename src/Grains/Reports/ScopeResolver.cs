using Asteroid.Analytics;
using Asteroid.Icecast;
using Asteroid.Servers;
using Asteroid.Stations;

namespace Asteroid.Reports;

/// <summary>Turns a report request into its scope: an unknown station or server is
/// <see cref="ReportProblemKind.NotFound"/>; a range whose local days cannot be placed on the UTC
/// time line (the first or last day of the calendar in a zone ahead of or behind UTC) is
/// <see cref="ReportProblemKind.Invalid"/>.</summary>
public sealed class ScopeResolver(StationResolver stations, IGrainFactory grains)
{
    public async Task<(ReportScope? Scope, ReportProblem? Problem)> ResolveAsync(ReportRequest request)
    {
        StationDefinition? definition;
        Scope scope;
        if (request.Station is { Length: > 0 } station)
        {
            definition = ServerIds.IsValid(station) ? await stations.FindAsync(station) : null;
            if (definition is null)
            {
                return (null, new ReportProblem(ReportProblemKind.NotFound, "Unknown station", $"No station with id '{station}'."));
            }

            scope = Scope.Station(station);
        }
        else
        {
            var server = request.Server;
            if (!ServerIds.IsValid(server) || await grains.GetGrain<IIcecastServerGrain>(server!).Get() is null)
            {
                return (null, new ReportProblem(ReportProblemKind.NotFound, "Unknown server", $"No Icecast server with id '{server}'."));
            }

            if (!ReportRules.IsValidMount(request.Mount))
            {
                return (null, new ReportProblem(ReportProblemKind.Invalid, "The report parameters are not valid", "mount= starts with '/' and has no control characters", "mount"));
            }

            definition = await stations.ResolveAsync(server!, request.Mount!);
            scope = Scope.Mount(server!, request.Mount!);
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(definition.TimeZone);
        foreach (var (name, date) in new[] { ("from", request.From), ("to", request.To) })
        {
            if (!Placeable(date, zone))
            {
                return (null, new ReportProblem(ReportProblemKind.Invalid, "The report parameters are not valid",
                    $"{date:yyyy-MM-dd} cannot be counted in the time zone {zone.Id}: its local day starts or ends outside the calendar", request.SingleDate ? "date" : name));
            }
        }

        return (new ReportScope(scope, zone, new ReportHeader(definition.Id, zone.Id, request.From, request.To, request.Server is { Length: > 0 } ? request.Server : null,
            request.Server is { Length: > 0 } ? request.Mount : null), request.SingleDate), null);
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
