using Asteroid.Groups;
using Asteroid.Rebuilds;
using Asteroid.Reports;
using Asteroid.Stations;
using System.Security.Claims;
using Asteroid.Web.Access;
using Asteroid.Web.Access.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Asteroid.Web.Groups;

/// <summary><c>/api/asteroid/admin/groups[/{id}]</c>: named sets of stations (a regional network),
/// each with the time zone its report days are counted in. A group's reports are <c>group={id}</c>;
/// creating a group or changing its stations or zone rebuilds its history in the background, and
/// its answer carries <c>rebuilding</c> until that is done. Everyone sees the groups they may read;
/// only admins change them (audited).</summary>
public static class GroupAdminApi
{
    public static IEndpointRouteBuilder MapGroupAdmin(this IEndpointRouteBuilder api)
    {
        var groups = api.MapGroup("/admin/groups");
        groups.MapGet("/", async (IGrainFactory grains, ClaimsPrincipal user, AccessRulesSource access) =>
        {
            var rules = await access.CurrentAsync();
            var grants = AccessClaims.GrantsOf(user);
            var answers = new List<GroupAnswer>();
            foreach (var group in (await Directory(grains).List()).Groups.Where(g => rules.MayRead(grants, new Access.ReportScope.Group(g.Id))))
            {
                answers.Add(await GroupAnswer.OfAsync(group, Rebuilds(grains)));
            }

            return TypedResults.Ok(answers);
        }).Filtered();
        groups.MapGet("/{id}", GetAsync).Filtered();
        groups.MapPut("/{id}", PutAsync).AdminOnly();
        groups.MapDelete("/{id}", DeleteAsync).AdminOnly();
        return api;
    }

    private static async Task<Results<Ok<GroupAnswer>, ProblemHttpResult>> GetAsync(string id, IGrainFactory grains, ClaimsPrincipal user, AccessRulesSource access)
    {
        if (!(await access.CurrentAsync()).MayRead(AccessClaims.GrantsOf(user), new Access.ReportScope.Group(id)))
        {
            return EndpointAccess.Forbidden($"Group '{id}' is not one of yours.");
        }

        return (await Directory(grains).List()).Groups.FirstOrDefault(g => g.Id == id) is { } group
            ? TypedResults.Ok(await GroupAnswer.OfAsync(group, Rebuilds(grains)))
            : NotFound(id);
    }

    private static async Task<Results<Ok<GroupAnswer>, ValidationProblem>> PutAsync(
        string id, GroupRequest body, IGrainFactory grains, AuditLog audit, ClaimsPrincipal who, AccessRulesSource access)
    {
        var errors = GroupRules.Check(id, body.Name, body.TimeZone, body.Stations);
        var list = (await Directory(grains).List()).Groups;
        var old = list.FirstOrDefault(g => g.Id == id);
        if (errors.Count == 0 && old is null && list.Count >= GroupRules.MaxGroups)
        {
            errors["id"] = [$"there are at most {GroupRules.MaxGroups} groups"];
        }

        if (errors.Count == 0)
        {
            var unknown = new List<string>();
            foreach (var station in body.Stations ?? [])
            {
                if (await Lookup(grains).Find(station!) is null)
                {
                    unknown.Add(station!);
                }
            }

            if (unknown.Count > 0)
            {
                errors["stations"] = [.. unknown.Take(20).Select(s => $"no station with id '{s}'")];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The group is not valid");
        }

        var group = new GroupDefinition(id, body.Name!, body.TimeZone ?? StationDefinition.DefaultTimeZone, [.. (body.Stations ?? []).Select(s => s!)]);
        await Directory(grains).Put(group);
        await Lookup(grains).Refresh();
        access.Invalidate();
        await audit.WriteAsync(who, old is null ? "group.create" : "group.update", id, old, group);
        if (old is null || old.TimeZone != group.TimeZone || !old.Stations.Order(StringComparer.Ordinal).SequenceEqual(group.Stations.Order(StringComparer.Ordinal)))
        {
            await Rebuilds(grains).Request("group", id);
        }

        return TypedResults.Ok(await GroupAnswer.OfAsync(group, Rebuilds(grains)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, IGrainFactory grains, AuditLog audit, ClaimsPrincipal who, AccessRulesSource access)
    {
        var before = (await Directory(grains).List()).Groups.FirstOrDefault(g => g.Id == id);
        if (!await Directory(grains).Remove(id))
        {
            return NotFound(id);
        }

        await Lookup(grains).Refresh();
        access.Invalidate();
        await audit.WriteAsync(who, "group.delete", id, before, null);
        await Rebuilds(grains).Cancel("group", id);
        return TypedResults.NoContent();
    }

    private static IStationLookupGrain Lookup(IGrainFactory grains) => grains.GetGrain<IStationLookupGrain>(IStationLookupGrain.Key);

    private static IScopeRebuildGrain Rebuilds(IGrainFactory grains) => grains.GetGrain<IScopeRebuildGrain>(IScopeRebuildGrain.Key);

    private static IGroupDirectoryGrain Directory(IGrainFactory grains) => grains.GetGrain<IGroupDirectoryGrain>(IGroupDirectoryGrain.Key);

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown group", detail: $"No group with id '{id}'.");
}

/// <summary>Body of <c>PUT /api/asteroid/admin/groups/{id}</c>: <c>name</c>, <c>timeZone</c> (IANA, default UTC) and the station ids.</summary>
public sealed record class GroupRequest(string? Name, string? TimeZone, IReadOnlyList<string?>? Stations);

/// <summary>A group as the admin API answers it, with <c>rebuilding</c> (days done and in all) while its history is being rebuilt.</summary>
public sealed record class GroupAnswer(string Id, string Name, string TimeZone, IReadOnlyList<string> Stations,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    RebuildProgress? Rebuilding)
{
    public static async Task<GroupAnswer> OfAsync(GroupDefinition g, IScopeRebuildGrain rebuilds) =>
        new(g.Id, g.Name, g.TimeZone, g.Stations, await rebuilds.Progress("group", g.Id));
}
