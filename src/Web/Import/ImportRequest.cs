using System.Text;
using Asteroid.Icecast;
using Asteroid.Import;
using Asteroid.Servers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Asteroid.Web.Import;

/// <summary>What every log import (access log, playlist.log) checks before it reads the body:
/// <c>server=</c> names a known server, <c>timeZone=</c> is a UTC offset, the body fits
/// <c>Import:MaxBodyBytes</c> (the request's limit is raised to it: logs are streamed).</summary>
public static class ImportRequest
{
    /// <summary>The log's offset (null: the lines carry their own), or the problem to answer.</summary>
    public static async Task<(TimeSpan? Offset, IResult? Problem)> CheckAsync(string? server, string? timeZone, HttpContext context, IGrainFactory grains, IConfiguration config)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ServerIds.IsValid(server))
        {
            errors["server"] = ["server is required: the id of the Icecast server the log comes from"];
        }

        TimeSpan? offset = null;
        if (!string.IsNullOrEmpty(timeZone))
        {
            if (AccessLogParser.TryParseOffset(timeZone, out var parsed))
            {
                offset = parsed;
            }
            else
            {
                errors["timeZone"] = ["timeZone is a UTC offset such as +0000, +0100 or -05:00"];
            }
        }

        if (errors.Count > 0)
        {
            return (null, TypedResults.ValidationProblem(errors, title: "The import parameters are not valid"));
        }

        if (await grains.GetGrain<IIcecastServerGrain>(server!).Get() is null)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown server", detail: $"No Icecast server with id '{server}'."));
        }

        var maxBody = config.GetValue("Import:MaxBodyBytes", AccessLogImportApi.DefaultMaxBodyBytes);
        if (context.Request.ContentLength > maxBody)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Log too large",
                detail: $"An import body is at most {maxBody} bytes (Import:MaxBodyBytes); split the log."));
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBody; // logs are gigabytes; they are streamed
        }

        return (offset, null);
    }

    /// <summary>The request body as the importers read it: UTF-8 without BOM detection, 64 KiB buffer.</summary>
    public static StreamReader Body(HttpContext context) =>
        new(context.Request.Body, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);

    /// <summary>The answer of an import stopped part way (the client went away, the body broke its
    /// limits, or PostgreSQL failed): what was read and committed before, named <paramref name="committedName"/>.</summary>
    public static ProblemHttpResult Interrupted(Exception? cause, long linesRead, string committedName, string committedWhat, long committed, long duplicates)
    {
        var status = cause is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status503ServiceUnavailable;
        return TypedResults.Problem(statusCode: status, title: "Import interrupted",
            detail: $"{cause?.Message} {linesRead} lines were read and {committed} {committedWhat} committed before; " +
                "importing the same log again adds only what is missing.",
            extensions: new Dictionary<string, object?>
            {
                ["linesRead"] = linesRead,
                [committedName] = committed,
                ["duplicates"] = duplicates,
            });
    }
}
