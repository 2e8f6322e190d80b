using Asteroid.Icecast;
using Asteroid.Import;
using Asteroid.Servers;
using Asteroid.Web.Access;
using Asteroid.Web.Access.Audit;
using Asteroid.Web.Import;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Asteroid.Web.Tracks;

/// <summary><c>POST /api/asteroid/admin/import/playlist-log?server={id}&amp;timeZone=+0000</c> with
/// Icecast's <c>playlist.log</c> as the body: streamed like the access-log import (lines longer than
/// 16 KiB are rejected unread, the body is limited by <c>Import:MaxBodyBytes</c>), idempotent, and
/// answered in the same shape (<c>linesRead</c>, <c>playsImported</c>, <c>duplicates</c>,
/// <c>skipped</c>, <c>rejected</c>).</summary>
public static class PlaylistImportApi
{
    public static IEndpointRouteBuilder MapPlaylistImport(this IEndpointRouteBuilder api)
    {
        api.MapPost("/admin/import/playlist-log", ImportAsync).WithName("ImportPlaylistLog")
            .RequireRateLimiting(Hosting.RateLimitingExtensions.ImportPolicy).AdminOnly();
        return api;
    }

    private static async Task<Results<Ok<PlaylistImportResult>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        string? server, string? timeZone, HttpContext context, IGrainFactory grains, PlaylistLogImporter importer, IConfiguration config, AuditLog audit)
    {
        var (offset, problem) = await ImportRequest.CheckAsync(server, timeZone, context, grains, config);
        if (problem is not null)
        {
            return problem switch
            {
                ValidationProblem invalid => invalid,
                var other => (ProblemHttpResult)other,
            };
        }

        using var reader = ImportRequest.Body(context);
        try
        {
            var result = await importer.ImportAsync(server!, reader, offset, context.RequestAborted);
            // Counts only: a rejected line's reason may quote the line.
            await audit.WriteAsync(context.User, "import.playlist-log", server!, null,
                new { result.LinesRead, result.PlaysImported, result.Duplicates, result.Skipped, Rejected = result.Rejected.Count });
            return TypedResults.Ok(result);
        }
        catch (PlaylistImportInterruptedException ex)
        {
            await audit.WriteAsync(context.User, "import.playlist-log.interrupted", server!, null,
                new { ex.Partial.LinesRead, ex.Partial.PlaysImported, ex.Partial.Duplicates });
            return ImportRequest.Interrupted(ex.InnerException, ex.Partial.LinesRead, "playsImported", "plays", ex.Partial.PlaysImported, ex.Partial.Duplicates);
        }
    }
}
