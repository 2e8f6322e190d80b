using System.Globalization;
using Asteroid.Analytics;
using Asteroid.Icecast;
using Asteroid.Servers;
using Asteroid.Stations;

namespace Asteroid.Web.Reports;

/// <summary>The common parameters of the stats endpoints: <c>station=</c>, or <c>server=</c> and
/// <c>mount=</c>; <c>from</c>/<c>to</c> as ISO dates, inclusive (or <c>date</c> for one day), at
/// most 3660 days. Periods are local days of the station's time zone.</summary>
public sealed record class ReportQuery(Scope Scope, StationDefinition Station, TimeZoneInfo Zone, DateOnly From, DateOnly To, string? Server, string? Mount)
{
    public const int MaxDays = 3660;

    public DayWindow FirstDay => DayWindow.For(From, Zone);

    public DayWindow LastDay => DayWindow.For(To, Zone);

    public IEnumerable<DateOnly> Dates
    {
        get
        {
            for (var d = From; d <= To; d = d.AddDays(1))
            {
                yield return d;
            }
        }
    }

    /// <summary>Parses and checks the query; a problem result when it is missing, malformed or unknown.</summary>
    public static async Task<(ReportQuery? Query, IResult? Problem)> ParseAsync(HttpRequest request, StationResolver stations, IGrainFactory grains, bool allowSingleDate = false)
    {
        var q = request.Query;
        var errors = new Dictionary<string, string[]>();
        string? station = q["station"], server = q["server"], mount = q["mount"];
        if (string.IsNullOrEmpty(station) == string.IsNullOrEmpty(server))
        {
            errors["station"] = ["give either station=, or server= and mount="];
        }
        else if (!string.IsNullOrEmpty(server) && (string.IsNullOrEmpty(mount) || mount[0] != '/'))
        {
            errors["mount"] = ["with server=, mount= is required and starts with '/'"];
        }

        DateOnly from = default, to = default;
        if (allowSingleDate && q.ContainsKey("date"))
        {
            if (!TryDate(q["date"], out from))
            {
                errors["date"] = ["date is an ISO date such as 2026-11-20"];
            }

            to = from;
        }
        else
        {
            if (!TryDate(q["from"], out from))
            {
                errors["from"] = ["from is required: an ISO date such as 2026-11-01"];
            }

            if (!TryDate(q["to"], out to))
            {
                errors["to"] = ["to is required: an ISO date such as 2026-11-30 (inclusive)"];
            }
            else if (!errors.ContainsKey("from") && to < from)
            {
                errors["to"] = ["to must not be before from"];
            }
            else if (!errors.ContainsKey("from") && to.DayNumber - from.DayNumber + 1 > MaxDays)
            {
                errors["to"] = [$"a range is at most {MaxDays} days"];
            }
        }

        if (errors.Count > 0)
        {
            return (null, TypedResults.ValidationProblem(errors, title: "The report parameters are not valid"));
        }

        StationDefinition? definition;
        Scope scope;
        if (!string.IsNullOrEmpty(station))
        {
            definition = ServerIds.IsValid(station) ? await stations.FindAsync(station) : null;
            scope = Scope.Station(station);
            if (definition is null)
            {
                return (null, TypedResults.Problem(statusCode: 404, title: "Unknown station", detail: $"No station with id '{station}'."));
            }
        }
        else
        {
            if (!ServerIds.IsValid(server) || await grains.GetGrain<IIcecastServerGrain>(server!).Get() is null)
            {
                return (null, TypedResults.Problem(statusCode: 404, title: "Unknown server", detail: $"No Icecast server with id '{server}'."));
            }

            definition = await stations.ResolveAsync(server!, mount!);
            scope = Scope.Mount(server!, mount!);
        }

        return (new ReportQuery(scope, definition, TimeZoneInfo.FindSystemTimeZoneById(definition.TimeZone), from, to, server, mount), null);
    }

    private static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
