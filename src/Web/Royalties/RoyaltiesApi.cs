using System.Security.Claims;
using System.Text;
using Asteroid.Reports;
using Asteroid.Royalties;
using Asteroid.Stations;
using Asteroid.Web.Access;
using Asteroid.Web.Access.Audit;
using Asteroid.Web.Reports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Asteroid.Web.Royalties;

/// <summary>The royalty reports (docs/royalties.md): <c>/api/asteroid/reports/soundexchange</c>
/// (<c>station=&amp;month=YYYY-MM&amp;format=json|txt|csv</c>), <c>/reports/ppl</c>
/// (<c>station=&amp;from&amp;to</c>), <c>/reports/unmatched</c> (<c>station=</c> and <c>month=</c> or
/// <c>from&amp;to</c>), readable by whoever may read the station; and a station's royalty settings,
/// <c>/admin/stations/{id}/royalties</c> (read: the station's readers; write: admins and its managers).</summary>
public static class RoyaltiesApi
{
    public static IEndpointRouteBuilder MapRoyalties(this IEndpointRouteBuilder api)
    {
        api.MapGet("/reports/soundexchange", SoundExchangeAsync).WithName("GetSoundExchangeReport")
            .Produces<SoundExchangeResponse>(StatusCodes.Status200OK, "application/json", "text/plain", "text/csv")
            .WithDescription("format=json (default) answers the report as JSON; format=txt the Report of Use file (tab-separated, text/plain), format=csv the same rows as CSV.")
            .ProducesProblem(StatusCodes.Status404NotFound).ScopedRead();
        api.MapGet("/reports/ppl", PplAsync).WithName("GetPplReport").ProducesProblem(StatusCodes.Status404NotFound).ScopedRead();
        api.MapGet("/reports/unmatched", UnmatchedAsync).WithName("GetUnmatchedPlays").ProducesProblem(StatusCodes.Status404NotFound).ScopedRead();
        api.MapGet("/admin/stations/{id}/royalties", GetSettingsAsync).WithName("GetStationRoyalties").Filtered();
        api.MapPut("/admin/stations/{id}/royalties", PutSettingsAsync).WithName("PutStationRoyalties").Filtered();
        return api;
    }

    private static IRoyaltyGrain Grain(IGrainFactory grains) => grains.GetGrain<IRoyaltyGrain>(IRoyaltyGrain.Key);

    private static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The report parameters are not valid");

    private static async Task<Results<Ok<SoundExchangeResponse>, FileContentHttpResult, ProblemHttpResult, ValidationProblem>> SoundExchangeAsync(
        string? station, string? month, string? format, IGrainFactory grains)
    {
        var errors = RoyaltyQuery.Errors();
        var id = RoyaltyQuery.Station(station, errors);
        var (year, m) = RoyaltyQuery.Month(month, errors);
        if (format is not (null or "" or "json" or "txt" or "csv"))
        {
            errors["format"] = ["format is json, txt (SoundExchange's text file) or csv"];
        }

        if (errors.Count > 0)
        {
            return Invalid(errors);
        }

        var result = await Grain(grains).SoundExchange(id!, year, m);
        if (result.Report is not { } report)
        {
            return ReportServices.Failed<Results<Ok<SoundExchangeResponse>, FileContentHttpResult, ProblemHttpResult, ValidationProblem>>(result.Problem!, p => p, p => p);
        }

        return format switch
        {
            "txt" => TypedResults.File(Encoding.UTF8.GetBytes(SoundExchangeFile.Text(report)), "text/plain; charset=utf-8", SoundExchangeFile.FileName(report, "txt")),
            "csv" => TypedResults.File(Encoding.UTF8.GetBytes(SoundExchangeFile.Csv(report)), "text/csv; charset=utf-8", SoundExchangeFile.FileName(report, "csv")),
            _ => TypedResults.Ok(SoundExchangeResponse.Of(report)),
        };
    }

    private static async Task<Results<Ok<PplResponse>, ProblemHttpResult, ValidationProblem>> PplAsync(
        string? station, string? month, string? from, string? to, IGrainFactory grains)
    {
        var errors = RoyaltyQuery.Errors();
        var id = RoyaltyQuery.Station(station, errors);
        var (f, t) = RoyaltyQuery.Period(month, from, to, errors);
        return errors.Count > 0 ? Invalid(errors) : ReportServices.Answer(await Grain(grains).Ppl(id!, f, t), PplResponse.Of);
    }

    private static async Task<Results<Ok<UnmatchedResponse>, ProblemHttpResult, ValidationProblem>> UnmatchedAsync(
        string? station, string? month, string? from, string? to, IGrainFactory grains)
    {
        var errors = RoyaltyQuery.Errors();
        var id = RoyaltyQuery.Station(station, errors);
        var (f, t) = RoyaltyQuery.Period(month, from, to, errors);
        return errors.Count > 0 ? Invalid(errors) : ReportServices.Answer(await Grain(grains).Unmatched(id!, f, t), UnmatchedResponse.Of);
    }

    private static async Task<Results<Ok<RoyaltySettingsBody>, ProblemHttpResult>> GetSettingsAsync(
        string id, IGrainFactory grains, ClaimsPrincipal user, AccessRulesSource access)
    {
        if (!(await access.CurrentAsync()).MayRead(AccessClaims.GrantsOf(user), new Asteroid.Web.Access.ReportScope.Station(id)))
        {
            return EndpointAccess.Forbidden($"Station '{id}' is not one of yours.");
        }

        if (await Lookup(grains).Find(id) is null)
        {
            return NotFound(id);
        }

        var s = await Grain(grains).Settings(id);
        return TypedResults.Ok(new RoyaltySettingsBody(s.ServiceName, s.TransmissionCategory, s.NonMusicPatterns));
    }

    private static async Task<Results<Ok<RoyaltySettingsBody>, ProblemHttpResult, ValidationProblem>> PutSettingsAsync(
        string id, RoyaltySettingsBody body, IGrainFactory grains, ClaimsPrincipal user, AccessRulesSource access, AuditLog audit)
    {
        if (!(await access.CurrentAsync()).MayManageStation(AccessClaims.GrantsOf(user), id))
        {
            return EndpointAccess.Forbidden($"Only admins and the managers of station '{id}' change its royalty settings.");
        }

        if (await Lookup(grains).Find(id) is null)
        {
            return NotFound(id);
        }

        var errors = new Dictionary<string, string[]>();
        var service = Asteroid.Tracks.TrackNames.Clean(body.ServiceName);
        if (service is { Length: > 100 })
        {
            errors["serviceName"] = ["serviceName is at most 100 characters"];
        }

        var category = string.IsNullOrWhiteSpace(body.TransmissionCategory) ? null : body.TransmissionCategory.Trim().ToUpperInvariant();
        if (category is not null && !RoyaltySettings.IsCategory(category))
        {
            errors["transmissionCategory"] = ["transmissionCategory is SoundExchange's one-letter code (A to L)"];
        }

        var patterns = (body.NonMusicPatterns ?? []).Select(p => p?.Trim() ?? "").Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (patterns.Count > NonMusicPattern.MaxPatterns || patterns.Any(p => p.Length > NonMusicPattern.MaxLength || p.Any(char.IsControl)))
        {
            errors["nonMusicPatterns"] = [$"at most {NonMusicPattern.MaxPatterns} patterns of at most {NonMusicPattern.MaxLength} characters, no control characters"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The royalty settings are not valid");
        }

        var before = await Grain(grains).Settings(id);
        var settings = new RoyaltySettings(service, category, patterns);
        await Grain(grains).PutSettings(id, settings);
        await audit.WriteAsync(user, "station.royalties", id, before, settings);
        return TypedResults.Ok(new RoyaltySettingsBody(settings.ServiceName, settings.TransmissionCategory, settings.NonMusicPatterns));
    }

    private static IStationLookupGrain Lookup(IGrainFactory grains) => grains.GetGrain<IStationLookupGrain>(IStationLookupGrain.Key);

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown station", detail: $"No station with id '{id}'.");
}
