using Asteroid.Icecast;
using Asteroid.Import;
using Asteroid.Servers;
using Microsoft.AspNetCore.Http.Features;
using System.Security.Claims;
using Asteroid.Web.Access;
using Asteroid.Web.Access.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Asteroid.Web.Import;

/// <summary><c>POST /api/asteroid/admin/import/access-log?server={id}&amp;timeZone=+0000</c> with the
/// log as the request body (streamed, flat memory: lines longer than 16 KiB are rejected unread, the
/// body is limited by <c>Import:MaxBodyBytes</c>, default 8 GiB); <c>GET</c> on the same path lists
/// the imports running now with their progress. An import that stops part way answers with a
/// ProblemDetails saying how many lines were read and sessions committed before.</summary>
public static class AccessLogImportApi
{
    public static IEndpointRouteBuilder MapAccessLogImport(this IEndpointRouteBuilder api)
    {
        api.MapPost("/admin/import/access-log", ImportAsync).RequireRateLimiting(Hosting.RateLimitingExtensions.ImportPolicy).AdminOnly();
        api.MapGet("/admin/import/access-log", (AccessLogImporter importer) =>
            TypedResults.Ok(importer.Running.Select(r => new
            {
                id = r.Key,
                server = r.Value.Server,
                startedAt = r.Value.StartedAt,
                linesRead = r.Value.LinesRead,
                sessionsImported = r.Value.SessionsImported,
                duplicates = r.Value.Duplicates,
            }))).AdminOnly();
        return api;
    }

    public const long DefaultMaxBodyBytes = 8L << 30;

    private static async Task<Results<Ok<AccessLogImportResult>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        string? server, string? timeZone, HttpContext context, IGrainFactory grains, AccessLogImporter importer, IConfiguration config, AuditLog audit)
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
            // Counts only: a rejected line's reason may quote the line (and its address).
            await audit.WriteAsync(context.User, "import.access-log", server!, null,
                new { result.LinesRead, result.SessionsImported, result.Duplicates, result.Skipped, Rejected = result.Rejected.Count });
            return TypedResults.Ok(result);
        }
        catch (AccessLogImportInterruptedException ex)
        {
            await audit.WriteAsync(context.User, "import.access-log.interrupted", server!, null,
                new { ex.Partial.LinesRead, ex.Partial.SessionsImported, ex.Partial.Duplicates });
            return ImportRequest.Interrupted(ex.InnerException, ex.Partial.LinesRead, "sessionsImported", "sessions", ex.Partial.SessionsImported, ex.Partial.Duplicates);
        }
    }
}
