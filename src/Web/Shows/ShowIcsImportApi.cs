using System.Security.Claims;
using System.Text;
using Asteroid.Shows;
using Asteroid.Stations;
using Asteroid.Web.Access;
using Asteroid.Web.Access.Audit;
using Asteroid.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Asteroid.Web.Shows;

/// <summary><c>POST /api/asteroid/admin/stations/{id}/shows/import-ics[?replace=true]</c> with an
/// iCalendar file as the body (<c>text/calendar</c>, at most 1 MiB like every API body): each event
/// becomes a show (the rules: docs/metrics.md, "Importing a calendar"), stored all or nothing by
/// the station's schedule grain. Events that cannot be shows are listed with the reason; a file
/// that is not iCalendar is 400 naming the line; an overlap is 409 naming the conflicting show.</summary>
public static class ShowIcsImportApi
{
    public static RouteGroupBuilder MapShowIcsImport(this RouteGroupBuilder station)
    {
        station.MapPost("/shows/import-ics", ImportAsync).WithName("ImportShowsIcs")
            .Accepts<string>("text/calendar", "text/plain", "application/octet-stream")
            .RequireRateLimiting(RateLimitingExtensions.ImportPolicy).Filtered();
        return station;
    }

    private static async Task<Results<Ok<IcsImportAnswer>, ProblemHttpResult>> ImportAsync(
        string id, bool? replace, HttpContext context, IGrainFactory grains, AuditLog audit, ClaimsPrincipal who, AccessRulesSource access)
    {
        if (await ShowAdminApi.ManageRefusalAsync(id, grains, who, access) is { } refused)
        {
            return refused;
        }

        if (context.Request.ContentLength > WebHostingExtensions.ApiMaxBodyBytes)
        {
            return TooLarge();
        }

        var mediaType = context.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is not (null or "" or "text/calendar" or "text/plain" or "application/octet-stream"))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported calendar format",
                detail: "Send the calendar as text/calendar: an iCalendar (.ics) file.");
        }

        string text;
        try
        {
            // Whole, asynchronously, at most the API's body limit counted here too (a chunked body
            // has no Content-Length, and not every server enforces the request's limit).
            using var bytes = new MemoryStream();
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                if (bytes.Length + read > WebHostingExtensions.ApiMaxBodyBytes)
                {
                    return TooLarge();
                }

                bytes.Write(buffer, 0, read);
            }

            text = new UTF8Encoding(false).GetString(bytes.GetBuffer(), 0, (int)bytes.Length).TrimStart('\uFEFF');
        }
        catch (BadHttpRequestException bad) when (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }

        var station = await grains.GetGrain<IStationLookupGrain>(IStationLookupGrain.Key).Find(id);
        var result = await grains.GetGrain<IStationScheduleGrain>(id).ImportCalendar(text, station?.TimeZone ?? StationDefinition.DefaultTimeZone, replace == true);
        if (result.FormatError is { } malformed)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The calendar is not valid", detail: malformed,
                extensions: new Dictionary<string, object?> { ["line"] = result.FormatLine });
        }

        if (result.Conflict is { } conflict)
        {
            return result.ConflictShowId is { } other
                ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "An imported show overlaps another", detail: conflict,
                    extensions: new Dictionary<string, object?> { ["conflictingShow"] = other, ["importedShow"] = result.ImportedShowId })
                : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Too many shows", detail: conflict);
        }

        var answer = new IcsImportAnswer(
            result.Changes.Count(c => c.Action == "created"), result.Changes.Count(c => c.Action == "updated"),
            result.Changes.Count(c => c.Action == "unchanged"), result.Changes.Count(c => c.Action == "removed"),
            result.Skipped.Count, result.Changes, result.Skipped);
        await audit.WriteAsync(who, "show.import-ics", id, null,
            new { answer.Created, answer.Updated, answer.Unchanged, answer.Removed, answer.Skipped, Replace = replace == true });
        return TypedResults.Ok(answer);
    }

    private static ProblemHttpResult TooLarge() =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Calendar too large",
            detail: $"A calendar import is at most {WebHostingExtensions.ApiMaxBodyBytes} bytes.");
}

/// <summary>The answer of an .ics import: counts, what became of each show (<c>created</c>,
/// <c>updated</c>, <c>unchanged</c>, <c>removed</c>) and the events left out with the reason.</summary>
public sealed record class IcsImportAnswer(int Created, int Updated, int Unchanged, int Removed, int Skipped,
    IReadOnlyList<ShowImportChange> Shows, IReadOnlyList<IcsSkippedEvent> SkippedEvents);
