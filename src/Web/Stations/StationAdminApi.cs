using Asteroid.Servers;
using Asteroid.Stations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Asteroid.Web.Stations;

/// <summary><c>/api/asteroid/admin/stations[/{id}]</c>. A station groups mounts across servers and
/// has the time zone its days and hours are counted in. Changing a station's mounts applies to
/// sessions that end from then on; days already aggregated keep the mounts they had.</summary>
public static class StationAdminApi
{
    public static IEndpointRouteBuilder MapStationAdmin(this IEndpointRouteBuilder api)
    {
        var stations = api.MapGroup("/admin/stations");
        stations.MapGet("/", async (IGrainFactory grains) => TypedResults.Ok((await Directory(grains).List()).Stations));
        stations.MapGet("/{id}", async (string id, IGrainFactory grains) =>
            await Lookup(grains).Find(id) is { } station ? (Results<Ok<StationDefinition>, ProblemHttpResult>)TypedResults.Ok(station) : NotFound(id));
        stations.MapPut("/{id}", PutAsync);
        stations.MapDelete("/{id}", async (string id, IGrainFactory grains) =>
        {
            var removed = await Directory(grains).Remove(id);
            await Lookup(grains).Refresh();
            return removed ? (Results<NoContent, ProblemHttpResult>)TypedResults.NoContent() : NotFound(id);
        });
        return api;
    }

    private static async Task<Results<Ok<StationDefinition>, ValidationProblem>> PutAsync(
        string id, StationRequest body, IGrainFactory grains)
    {
        var mounts = (body.Mounts ?? []).Select(m => new StationMount(m.Server ?? "", m.Mount ?? "")).ToList();
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
        return TypedResults.Ok(station);
    }

    private static IStationLookupGrain Lookup(IGrainFactory grains) => grains.GetGrain<IStationLookupGrain>(IStationLookupGrain.Key);

    private static IStationDirectoryGrain Directory(IGrainFactory grains) => grains.GetGrain<IStationDirectoryGrain>(IStationDirectoryGrain.Key);

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown station", detail: $"No station with id '{id}'.");
}

/// <summary>Body of <c>PUT /api/asteroid/admin/stations/{id}</c>.</summary>
public sealed record class StationRequest(string? Name, string? TimeZone, IReadOnlyList<StationMountRequest>? Mounts);

public sealed record class StationMountRequest(string? Server, string? Mount);
