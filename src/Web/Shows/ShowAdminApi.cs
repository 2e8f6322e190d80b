using System.Globalization;
using System.Security.Claims;
using Asteroid.Shows;
using Asteroid.Stations;
using Asteroid.Web.Access;
using Asteroid.Web.Access.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Asteroid.Web.Shows;

/// <summary>The schedule of a station: <c>GET /api/asteroid/admin/stations/{id}/shows</c>,
/// <c>GET|PUT|DELETE …/shows/{showId}</c> and <c>GET|PUT …/dayparts</c>. Whoever may read the
/// station reads them; admins and the station's managers change them (audit-logged). A show that
/// overlaps another is refused with 409 naming it.</summary>
public static class ShowAdminApi
{
    public static IEndpointRouteBuilder MapShowAdmin(this IEndpointRouteBuilder api)
    {
        var station = api.MapGroup("/admin/stations/{id}");
        station.MapGet("/shows", ListAsync).WithName("GetShows").Filtered();
        station.MapGet("/shows/{showId}", GetAsync).WithName("GetShow").Filtered();
        station.MapPut("/shows/{showId}", PutAsync).WithName("PutShow").Filtered();
        station.MapDelete("/shows/{showId}", DeleteAsync).WithName("DeleteShow").Filtered();
        station.MapGet("/dayparts", GetDaypartsAsync).WithName("GetDayparts").Filtered();
        station.MapPut("/dayparts", PutDaypartsAsync).WithName("PutDayparts").Filtered();
        station.MapShowIcsImport();
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<ShowDefinition>>, ProblemHttpResult>> ListAsync(
        string id, IGrainFactory grains, ClaimsPrincipal user, AccessRulesSource access)
    {
        if (await ReadRefusalAsync(id, grains, user, access) is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok((await Schedule(grains, id).Schedule()).Shows);
    }

    private static async Task<Results<Ok<ShowDefinition>, ProblemHttpResult>> GetAsync(
        string id, string showId, IGrainFactory grains, ClaimsPrincipal user, AccessRulesSource access)
    {
        if (await ReadRefusalAsync(id, grains, user, access) is { } refused)
        {
            return refused;
        }

        return (await Schedule(grains, id).Schedule()).Shows.FirstOrDefault(s => s.Id == showId) is { } show
            ? TypedResults.Ok(show)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown show", detail: $"Station '{id}' has no show '{showId}'.");
    }

    private static async Task<Results<Ok<ShowDefinition>, ValidationProblem, ProblemHttpResult>> PutAsync(
        string id, string showId, ShowRequest body, IGrainFactory grains, AuditLog audit, ClaimsPrincipal who, AccessRulesSource access)
    {
        if (await ManageRefusalAsync(id, grains, who, access) is { } refused)
        {
            return refused;
        }

        var (show, errors) = body.ToShow(showId);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The show is not valid");
        }

        var result = await Schedule(grains, id).Put(show!);
        if (result.Conflict is { } conflict)
        {
            return result.ConflictShowId is { } other
                ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The show overlaps another", detail: conflict,
                    extensions: new Dictionary<string, object?> { ["conflictingShow"] = other })
                : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Too many shows", detail: conflict);
        }

        await audit.WriteAsync(who, result.Before is null ? "show.create" : "show.update", $"{id}/{showId}", result.Before, show);
        return TypedResults.Ok(show!);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string id, string showId, IGrainFactory grains, AuditLog audit, ClaimsPrincipal who, AccessRulesSource access)
    {
        if (await ManageRefusalAsync(id, grains, who, access) is { } refused)
        {
            return refused;
        }

        if (await Schedule(grains, id).Remove(showId) is not { } before)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown show", detail: $"Station '{id}' has no show '{showId}'.");
        }

        await audit.WriteAsync(who, "show.delete", $"{id}/{showId}", before, null);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<DaypartsAnswer>, ProblemHttpResult>> GetDaypartsAsync(
        string id, IGrainFactory grains, ClaimsPrincipal user, AccessRulesSource access)
    {
        if (await ReadRefusalAsync(id, grains, user, access) is { } refused)
        {
            return refused;
        }

        var schedule = await Schedule(grains, id).Schedule();
        return TypedResults.Ok(new DaypartsAnswer(schedule.Dayparts, schedule.DefaultDayparts));
    }

    private static async Task<Results<Ok<DaypartsAnswer>, ValidationProblem, ProblemHttpResult>> PutDaypartsAsync(
        string id, DaypartsRequest body, IGrainFactory grains, AuditLog audit, ClaimsPrincipal who, AccessRulesSource access)
    {
        if (await ManageRefusalAsync(id, grains, who, access) is { } refused)
        {
            return refused;
        }

        var dayparts = body.Dayparts?.Select(d => d is null ? null! : new Daypart(d.Id ?? "", d.Name ?? "",
            d.Slots?.Select(s => s is null ? null! : new ShowSlot(s.Days ?? [], s.Start ?? "", s.End ?? "")).ToList() ?? [])).ToList();
        var errors = ShowRules.CheckDayparts(dayparts);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The dayparts are not valid");
        }

        var before = await Schedule(grains, id).Schedule();
        await Schedule(grains, id).PutDayparts(dayparts);
        var after = await Schedule(grains, id).Schedule();
        await audit.WriteAsync(who, "dayparts.update", id, before.DefaultDayparts ? null : before.Dayparts, after.DefaultDayparts ? null : after.Dayparts);
        return TypedResults.Ok(new DaypartsAnswer(after.Dayparts, after.DefaultDayparts));
    }

    private static async Task<ProblemHttpResult?> ReadRefusalAsync(string id, IGrainFactory grains, ClaimsPrincipal user, AccessRulesSource access)
    {
        if (!(await access.CurrentAsync()).MayRead(AccessClaims.GrantsOf(user), new ReportScope.Station(id)))
        {
            return EndpointAccess.Forbidden($"Station '{id}' is not one of yours.");
        }

        return await Exists(grains, id) ? null : UnknownStation(id);
    }

    internal static async Task<ProblemHttpResult?> ManageRefusalAsync(string id, IGrainFactory grains, ClaimsPrincipal user, AccessRulesSource access)
    {
        var grants = AccessClaims.GrantsOf(user);
        if (!(await access.CurrentAsync()).MayManageStation(grants, id))
        {
            return EndpointAccess.Forbidden(grants.Role == Roles.Manager ? $"Station '{id}' is not one of yours." : "Only admins and the station's managers change its schedule.");
        }

        return await Exists(grains, id) ? null : UnknownStation(id);
    }

    private static async Task<bool> Exists(IGrainFactory grains, string id) =>
        await grains.GetGrain<IStationLookupGrain>(IStationLookupGrain.Key).Find(id) is not null;

    private static ProblemHttpResult UnknownStation(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown station", detail: $"No station with id '{id}'.");

    private static IStationScheduleGrain Schedule(IGrainFactory grains, string id) => grains.GetGrain<IStationScheduleGrain>(id);
}

/// <summary>Body of <c>PUT …/shows/{showId}</c>: dates as <c>yyyy-MM-dd</c>, instants as ISO 8601 with an offset;
/// <c>exceptDates</c>: local dates without a recurring episode.</summary>
public sealed record class ShowRequest(string? Name, string? Host, IReadOnlyList<SlotRequest?>? Slots, string? ValidFrom, string? ValidTo,
    IReadOnlyList<EpisodeRequest?>? Episodes, IReadOnlyList<string?>? ExceptDates = null)
{
    public (ShowDefinition? Show, Dictionary<string, string[]> Errors) ToShow(string id)
    {
        var errors = new Dictionary<string, string[]>();
        var from = Date(ValidFrom, "validFrom", errors);
        var to = Date(ValidTo, "validTo", errors);
        var episodes = new List<OneOffEpisode>();
        for (var i = 0; i < (Episodes?.Count ?? 0); i++)
        {
            var e = Episodes![i];
            if (e is null || !TryInstant(e.Start, out var start) || !TryInstant(e.End, out var end))
            {
                errors[$"episodes[{i}]"] = ["an episode is {\"start\", \"end\"}: ISO 8601 instants with an offset, such as 2026-11-05T20:00:00-05:00"];
                continue;
            }

            episodes.Add(new OneOffEpisode(start, end));
        }

        var except = new List<DateOnly>();
        for (var i = 0; i < Math.Min(ExceptDates?.Count ?? 0, ShowRules.MaxExceptDates + 1); i++)
        {
            if (Date(ExceptDates![i], $"exceptDates[{i}]", errors) is { } date)
            {
                except.Add(date);
            }
        }

        var slots = (Slots ?? []).Select(s => new ShowSlot(s?.Days ?? [], s?.Start ?? "", s?.End ?? "")).ToList();
        foreach (var (key, value) in ShowRules.Check(id, Name, Host, slots, from, to, errors.Keys.Any(k => k.StartsWith("episodes", StringComparison.Ordinal)) ? [] : episodes, except))
        {
            errors.TryAdd(key, value);
        }

        return errors.Count > 0
            ? (null, errors)
            : (new ShowDefinition(id, Name!.Trim(), string.IsNullOrWhiteSpace(Host) ? null : Host.Trim(), slots, from, to, episodes)
            {
                ExceptDates = [.. except.Distinct().Order()],
            }, errors);
    }

    private static DateOnly? Date(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors[field] = [$"{field} is a local date such as 2026-11-01"];
        return null;
    }

    private static bool TryInstant(string? text, out DateTimeOffset instant)
    {
        instant = default;
        // An instant needs its offset ('Z' or ±hh:mm): a bare local time would be ambiguous.
        return text is { Length: >= 20 } && (text.EndsWith('Z') || text[^6] is '+' or '-')
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant);
    }
}

public sealed record class SlotRequest(IReadOnlyList<string>? Days, string? Start, string? End);

public sealed record class EpisodeRequest(string? Start, string? End);

/// <summary>Body of <c>PUT …/dayparts</c>; an empty or missing list goes back to the default set.</summary>
public sealed record class DaypartsRequest(IReadOnlyList<DaypartRequest?>? Dayparts);

public sealed record class DaypartRequest(string? Id, string? Name, IReadOnlyList<SlotRequest?>? Slots);

/// <summary>The station's dayparts; <c>default</c> when it has set none (Triton's set).</summary>
public sealed record class DaypartsAnswer(IReadOnlyList<Daypart> Dayparts, bool Default);
