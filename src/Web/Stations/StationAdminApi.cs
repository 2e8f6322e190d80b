using Asteroid.Rebuilds;
using Asteroid.Servers;
using Asteroid.Stations;
using System.Security.Claims;
using Asteroid.Web.Access;
using Asteroid.Web.Access.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Asteroid.Web.Stations;

/// <summary><c>/api/asteroid/admin/stations[/{id}]</c>. A station groups mounts across servers and
/// has the time zone its days and hours are counted in. Changing a station's mounts or zone applies
/// to its history too: the station (and the implicit stations of the servers whose mounts moved, and
/// the groups it is in) are rebuilt in the background, and the station's answer carries
/// <c>rebuilding</c> until that is done.</summary>
public static class StationAdminApi
{
    public static IEndpointRouteBuilder MapStationAdmin(this IEndpointRouteBuilder api)
    {
        var stations = api.MapGroup("/admin/stations");
        // Everyone sees the stations they may read; managers change their own (PutAsync); only admins delete.
        stations.MapGet("/", async (IGrainFactory grains, ClaimsPrincipal user, AccessRulesSource access) =>
        {
            var all = (await Directory(grains).List()).Stations;
            var grants = AccessClaims.GrantsOf(user);
            var mine = grants.IsAdmin ? null : (await access.CurrentAsync()).StationsOf(grants);
            var answers = new List<StationAnswer>();
            foreach (var station in all.Where(s => mine is null || mine.Contains(s.Id)))
            {
                answers.Add(await StationAnswer.OfAsync(station, Rebuilds(grains)));
            }

            return TypedResults.Ok(answers);
        }).Filtered();
        stations.MapGet("/{id}", async (string id, IGrainFactory grains, ClaimsPrincipal user, AccessRulesSource access) =>
        {
            if (!(await access.CurrentAsync()).MayRead(AccessClaims.GrantsOf(user), new ReportScope.Station(id)))
            {
                return (Results<Ok<StationAnswer>, ProblemHttpResult>)EndpointAccess.Forbidden($"Station '{id}' is not one of yours.");
            }

            return await Lookup(grains).Find(id) is { } station ? TypedResults.Ok(await StationAnswer.OfAsync(station, Rebuilds(grains))) : NotFound(id);
        }).Filtered();
        stations.MapPut("/{id}", PutAsync).Filtered();
        stations.MapDelete("/{id}", async (string id, IGrainFactory grains, AuditLog audit, ClaimsPrincipal who, AccessRulesSource access) =>
        {
            var before = (await Directory(grains).List()).Stations.FirstOrDefault(s => s.Id == id);
            var removed = await Directory(grains).Remove(id);
            await Lookup(grains).Refresh();
            access.Invalidate();
            if (before is not null)
            {
                await Rebuilds(grains).StationChanged(before, null);
            }

            if (removed)
            {
                await audit.WriteAsync(who, "station.delete", id, before, null);
            }

            return removed ? (Results<NoContent, ProblemHttpResult>)TypedResults.NoContent() : NotFound(id);
        }).AdminOnly();
        return api;
    }

    private static async Task<Results<Ok<StationAnswer>, ValidationProblem, ProblemHttpResult>> PutAsync(
        string id, StationRequest body, IGrainFactory grains, AuditLog audit, ClaimsPrincipal who, AccessRulesSource access)
    {
        var before = (await Directory(grains).List()).Stations.FirstOrDefault(s => s.Id == id);
        var mounts = (body.Mounts ?? []).Select(m => new StationMount(m.Server ?? "", m.Mount ?? "")).ToList();
        var grants = AccessClaims.GrantsOf(who);
        if ((await access.CurrentAsync()).CheckStationEdit(grants, id, before?.Mounts.Select(m => (m.Server, m.Mount)).ToList(),
            [.. mounts.Select(m => (m.Server, m.Mount))]) is { } refusal)
        {
            return EndpointAccess.Forbidden(refusal);
        }

        var errors = StationRules.Check(id, body.Name, body.TimeZone, mounts);
        if (errors.Count == 0 && await grains.GetGrain<IIcecastServerGrain>(id).Get() is not null
            && (await Directory(grains).List()).Stations.All(s => s.Id != id))
        {
            errors["id"] = [$"'{id}' is the id of a server, whose mounts in no station form its implicit station: choose another id"];
        }

        var station = new StationDefinition(id, body.Name ?? id, body.TimeZone ?? StationDefinition.DefaultTimeZone, mounts);
        if (errors.Count == 0 && await Directory(grains).Put(station) is { } refused)
        {
            errors["mounts"] = [refused];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The station is not valid");
        }

        await Lookup(grains).Refresh();
        access.Invalidate();
        await Rebuilds(grains).StationChanged(before, station);
        await audit.WriteAsync(who, before is null ? "station.create" : "station.update", id, before, station);
        return TypedResults.Ok(await StationAnswer.OfAsync(station, Rebuilds(grains)));
    }

    private static IScopeRebuildGrain Rebuilds(IGrainFactory grains) => grains.GetGrain<IScopeRebuildGrain>(IScopeRebuildGrain.Key);

    private static IStationLookupGrain Lookup(IGrainFactory grains) => grains.GetGrain<IStationLookupGrain>(IStationLookupGrain.Key);

    private static IStationDirectoryGrain Directory(IGrainFactory grains) => grains.GetGrain<IStationDirectoryGrain>(IStationDirectoryGrain.Key);

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown station", detail: $"No station with id '{id}'.");
}

/// <summary>A station as the admin API answers it: its definition, and <c>rebuilding</c> (days done
/// and in all) while its history is being rebuilt after a change.</summary>
public sealed record class StationAnswer(string Id, string Name, string TimeZone, IReadOnlyList<StationMount> Mounts, bool Implicit,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    Asteroid.Reports.RebuildProgress? Rebuilding)
{
    public static async Task<StationAnswer> OfAsync(StationDefinition s, IScopeRebuildGrain rebuilds) =>
        new(s.Id, s.Name, s.TimeZone, s.Mounts, s.Implicit, await rebuilds.Progress("station", s.Id));
}

/// <summary>Body of <c>PUT /api/asteroid/admin/stations/{id}</c>.</summary>
public sealed record class StationRequest(string? Name, string? TimeZone, IReadOnlyList<StationMountRequest>? Mounts);

public sealed record class StationMountRequest(string? Server, string? Mount);
