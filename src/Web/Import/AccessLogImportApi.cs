using Asteroid.Icecast;
using Asteroid.Import;
using Asteroid.Servers;
using Microsoft.AspNetCore.Http.Features;
using System.Security.Claims;
using Asteroid.Web.Access;
using Asteroid.Web.Access.Audit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Asteroid.Web.Import;

/// <summary><c>POST /api/asteroid/admin/import/access-log?server={id}&amp;timeZone=+0000&amp;format=icecast|nginx|haproxy</c>
/// (default <c>icecast</c>; nginx takes <c>logFormat=</c>, its <c>log_format</c>, default <c>combined</c>;
/// proxy logs take <c>hlsTargetSeconds=</c> and <c>hlsGapSeconds=</c>, defaults <c>Import:HlsTargetSeconds</c>
/// and <c>Import:HlsGapSeconds</c>) with the log as the request body (streamed, flat memory: lines longer than 16 KiB are rejected unread, the
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
        string? server, string? timeZone, string? format, string? logFormat, string? hlsTargetSeconds, string? hlsGapSeconds,
        HttpContext context, IGrainFactory grains, AccessLogImporter importer, IConfiguration config, IOptions<ImportOptions> defaults, AuditLog audit)
    {
        var (errors, options) = ReadOptions(format, logFormat, hlsTargetSeconds, hlsGapSeconds, defaults.Value);
        if (errors is not null)
        {
            return TypedResults.ValidationProblem(errors, title: "The import parameters are not valid");
        }

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
            var result = await importer.ImportAsync(server!, reader, offset, options!, context.RequestAborted);
            // Counts only: a rejected line's reason may quote the line (and its address).
            await audit.WriteAsync(context.User, "import.access-log", server!, null,
                new { Format = options!.Format.ToString().ToLowerInvariant(), result.LinesRead, result.SessionsImported, result.Duplicates, result.Skipped, Rejected = result.Rejected.Count });
            return TypedResults.Ok(result);
        }
        catch (AccessLogImportInterruptedException ex)
        {
            await audit.WriteAsync(context.User, "import.access-log.interrupted", server!, null,
                new { ex.Partial.LinesRead, ex.Partial.SessionsImported, ex.Partial.Duplicates });
            return ImportRequest.Interrupted(ex.InnerException, ex.Partial.LinesRead, "sessionsImported", "sessions", ex.Partial.SessionsImported, ex.Partial.Duplicates);
        }
    }

    /// <summary>The import's format and HLS grouping from the query, or what is wrong with it.</summary>
    internal static (Dictionary<string, string[]>? Errors, AccessLogImportOptions? Options) ReadOptions(
        string? format, string? logFormat, string? hlsTargetSeconds, string? hlsGapSeconds, ImportOptions defaults)
    {
        var errors = new Dictionary<string, string[]>();
        AccessLogFormat? parsed = format?.ToLowerInvariant() switch
        {
            null or "" or "icecast" => AccessLogFormat.Icecast,
            "nginx" => AccessLogFormat.Nginx,
            "haproxy" => AccessLogFormat.Haproxy,
            _ => null,
        };
        if (parsed is null)
        {
            errors["format"] = ["format is icecast (the default), nginx or haproxy"];
        }

        var kind = parsed ?? AccessLogFormat.Icecast;

        NginxLogParser? nginx = null;
        if (logFormat is not null)
        {
            if (kind != AccessLogFormat.Nginx)
            {
                errors["logFormat"] = ["logFormat is for format=nginx only"];
            }
            else if (!NginxLogParser.TryCreate(logFormat, out nginx, out var error))
            {
                errors["logFormat"] = [error!];
            }
        }

        var target = Seconds(hlsTargetSeconds, 3600, "hlsTargetSeconds", errors) ?? defaults.HlsTargetSeconds;
        var gapSeconds = Seconds(hlsGapSeconds, 86_400, "hlsGapSeconds", errors) ?? defaults.HlsGapSeconds;

        if (errors.Count > 0)
        {
            return (errors, null);
        }

        var gap = gapSeconds is { } g ? TimeSpan.FromSeconds(g) : HlsSessionizer.DefaultGap(TimeSpan.FromSeconds(target));
        return (null, new AccessLogImportOptions(kind, nginx, TimeSpan.FromSeconds(target), gap));
    }

    private static int? Seconds(string? text, int max, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= max)
        {
            return value;
        }

        errors[name] = [$"{name} is a whole number of seconds, 1 to {max}"];
        return null;
    }
}
