using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Asteroid.Royalties;
using Asteroid.Web.Access;
using Asteroid.Web.Access.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Asteroid.Web.Royalties;

/// <summary><c>/api/asteroid/admin/catalog</c>: the catalogue of recordings the royalty reports match
/// plays to (docs/royalties.md). <c>PUT</c> replaces it whole, from JSON (an array of
/// <c>{artist,title,album,label,isrc,durationSeconds,music,directLicense}</c>, or <c>{"entries":[…]}</c>)
/// or from CSV with a header row (<c>Content-Type: text/csv</c>); a bad row is a 400 naming its line
/// (CSV) or index (JSON). <c>GET ?format=json|csv</c> exports it. Admins and managers only; the body is
/// at most <see cref="MaxBodyBytes"/>.</summary>
public static class CatalogApi
{
    public const long MaxBodyBytes = 16L << 20;

    public static IEndpointRouteBuilder MapCatalog(this IEndpointRouteBuilder api)
    {
        api.MapPut("/admin/catalog", PutAsync).WithName("PutCatalog")
            .Accepts<IReadOnlyList<CatalogRow>>("application/json", "text/csv")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxBodyBytes)).Filtered();
        api.MapGet("/admin/catalog", GetAsync).WithName("GetCatalog")
            .Produces<IReadOnlyList<CatalogRow>>(StatusCodes.Status200OK, "application/json", "text/csv").Filtered();
        return api;
    }

    /// <summary>Catalogue reads: admins and managers. Writes: admins only — the catalogue is shared by
    /// every station, and a flag in it (non-music, direct licence) changes every station's royalty figures.</summary>
    public static ProblemHttpResult? Refusal(ClaimsPrincipal user, bool write = false)
    {
        var grants = AccessClaims.GrantsOf(user);
        return write
            ? grants.IsAdmin ? null : EndpointAccess.Forbidden("Only admins change the catalogue: it is shared by every station's royalty reports.")
            : grants.IsAdmin || grants.Role == Roles.Manager ? null : EndpointAccess.Forbidden("Only admins and managers read the catalogue.");
    }

    private static IRoyaltyGrain Grain(IGrainFactory grains) => grains.GetGrain<IRoyaltyGrain>(IRoyaltyGrain.Key);

    private static async Task<Results<Ok<CatalogPutResult>, ProblemHttpResult, ValidationProblem>> PutAsync(
        HttpContext context, IGrainFactory grains, AuditLog audit, ClaimsPrincipal user)
    {
        if (Refusal(user, write: true) is { } refused)
        {
            return refused;
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return TooLarge();
        }

        var mediaType = context.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is not ("text/csv" or "application/json"))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported catalogue format",
                detail: "Send the catalogue as text/csv (a header row, then one recording a line) or application/json (an array of rows).");
        }

        (IReadOnlyList<CatalogEntry> Entries, string? Problem, int? Line, int? Index) parsed;
        try
        {
            // Read whole (asynchronously: the body refuses synchronous reads), at most MaxBodyBytes.
            using var body = new StreamReader(context.Request.Body, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
            using var reader = new StringReader(await body.ReadToEndAsync(context.RequestAborted));
            if (mediaType == "text/csv")
            {
                var (entries, problem) = CatalogCsv.Parse(reader);
                parsed = (entries, problem?.Detail, problem?.Line, null);
            }
            else
            {
                parsed = await ParseJsonAsync(reader);
            }
        }
        catch (BadHttpRequestException bad) when (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }

        if (parsed.Problem is { } detail)
        {
            var where = parsed.Line is { } line ? $"line {line}" : parsed.Index is { } index ? $"row {index}" : "body";
            var extensions = new Dictionary<string, object?>();
            if (parsed.Line is { } l)
            {
                extensions["line"] = l;
            }

            if (parsed.Index is { } i)
            {
                extensions["row"] = i;
            }

            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The catalogue is not valid", detail: $"{where}: {detail}",
                extensions: extensions);
        }

        var count = await Grain(grains).PutCatalog(parsed.Entries);
        await audit.WriteAsync(user, "catalog.replace", "catalog", null, new { Entries = count });
        return TypedResults.Ok(new CatalogPutResult(count, parsed.Entries.Count(e => e.Isrc is not null), parsed.Entries.Count(e => !e.Music),
            parsed.Entries.Count(e => e.DirectLicense)));
    }

    private static async Task<Results<Ok<IEnumerable<CatalogRow>>, EmptyHttpResult, ProblemHttpResult, ValidationProblem>> GetAsync(
        string? format, HttpContext context, IGrainFactory grains, ClaimsPrincipal user)
    {
        if (Refusal(user) is { } refused)
        {
            return refused;
        }

        if (format is not (null or "" or "json" or "csv"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["format is json or csv"] }, title: "The catalogue parameters are not valid");
        }

        var entries = await Grain(grains).Catalog();
        if (format != "csv")
        {
            return TypedResults.Ok(entries.Select(CatalogRow.Of));
        }

        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = "attachment; filename=asteroid-catalog.csv";
        var text = new StringWriter();
        CatalogCsv.Write(text, entries);
        await context.Response.WriteAsync(text.ToString(), context.RequestAborted);
        return TypedResults.Empty;
    }

    private static async Task<(IReadOnlyList<CatalogEntry>, string?, int?, int?)> ParseJsonAsync(TextReader reader)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(await reader.ReadToEndAsync()).RootElement;
        }
        catch (JsonException ex)
        {
            return ([], $"not JSON ({ex.Message})", (int?)(ex.LineNumber + 1), null);
        }

        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("entries", out var inner))
        {
            root = inner;
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            return ([], "the catalogue is an array of rows (or an object with \"entries\")", null, null);
        }

        if (root.GetArrayLength() > CatalogCsv.MaxRows)
        {
            return ([], $"more than {CatalogCsv.MaxRows} rows", null, null);
        }

        var entries = new List<CatalogEntry>();
        var index = 0;
        foreach (var row in root.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Object)
            {
                return ([], "a row is an object", null, index);
            }

            var (entry, problem) = CatalogCsv.Entry(name => Cell(row, name));
            if (problem is not null)
            {
                return ([], problem, null, index);
            }

            entries.Add(entry!);
            index++;
        }

        return (entries, null, null, null);
    }

    private static string? Cell(JsonElement row, string name)
    {
        foreach (var p in row.EnumerateObject())
        {
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return p.Value.ValueKind switch
                {
                    JsonValueKind.Null or JsonValueKind.Undefined => null,
                    JsonValueKind.String => p.Value.GetString(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => p.Value.GetRawText(),
                };
            }
        }

        return null;
    }

    private static ProblemHttpResult TooLarge() => TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Catalogue too large",
        detail: $"A catalogue body is at most {MaxBodyBytes} bytes.");
}

/// <summary>One catalogue row as the API reads and writes it.</summary>
public sealed record class CatalogRow(string? Artist, string Title, string? Album, string? Label, string? Isrc, int? DurationSeconds, bool Music, bool DirectLicense)
{
    public static CatalogRow Of(CatalogEntry e) => new(e.Artist, e.Title, e.Album, e.Label, e.Isrc, e.DurationSeconds, e.Music, e.DirectLicense);
}

/// <summary>The answer to a catalogue PUT: how many rows are stored, and how many have an ISRC, are not music, are directly licensed.</summary>
public sealed record class CatalogPutResult(int Entries, int WithIsrc, int NonMusic, int DirectlyLicensed);
