using Asteroid.Icecast;
using Asteroid.Servers;
using System.Security.Claims;
using Asteroid.Web.Access;
using Asteroid.Web.Access.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Asteroid.Web.Servers;

/// <summary>Icecast servers at run time: <c>/api/asteroid/admin/servers[/{id}]</c>. Settings are kept
/// in grain state; the admin password is write-only.</summary>
public static class ServerAdminApi
{
    public static IEndpointRouteBuilder MapServerAdmin(this IEndpointRouteBuilder api)
    {
        var servers = api.MapGroup("/admin/servers").AdminOnly();
        servers.MapGet("/", ListAsync);
        servers.MapGet("/{id}", GetAsync);
        servers.MapPut("/{id}", PutAsync);
        servers.MapDelete("/{id}", DeleteAsync);
        return api;
    }

    private static async Task<Ok<IcecastServerView[]>> ListAsync(IGrainFactory grains)
    {
        var ids = await grains.GetGrain<IServerDirectoryGrain>(IServerDirectoryGrain.Key).List();
        var views = await Task.WhenAll(ids.Select(id => grains.GetGrain<IIcecastServerGrain>(id).Get()));
        return TypedResults.Ok(views.OfType<IcecastServerView>().ToArray());
    }

    private static async Task<Results<Ok<IcecastServerView>, ProblemHttpResult>> GetAsync(string id, IGrainFactory grains) =>
        ServerIds.IsValid(id) && await grains.GetGrain<IIcecastServerGrain>(id).Get() is { } view
            ? TypedResults.Ok(view)
            : NotFound(id);

    private static async Task<Results<Ok<IcecastServerView>, Created<IcecastServerView>, ValidationProblem>> PutAsync(
        string id, ServerRequest body, IGrainFactory grains, AuditLog audit, ClaimsPrincipal who, AccessRulesSource access)
    {
        var grain = grains.GetGrain<IIcecastServerGrain>(ServerIds.IsValid(id) ? id : "invalid");
        var existing = ServerIds.IsValid(id) ? await grain.Get() : null;
        var errors = body.Validate(id, isNew: existing is null);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The server settings are not valid");
        }

        var settings = new IcecastServerSettings(body.BaseUrl!, body.AdminUser ?? "admin", body.AdminPassword ?? "",
            body.PollIntervalSeconds ?? IcecastServerSettings.DefaultPollIntervalSeconds, body.Enabled ?? true, body.TimeZone);
        var view = await grain.Configure(settings, keepStoredPassword: body.AdminPassword is null);
        access.Invalidate();
        await audit.WriteAsync(who, existing is null ? "server.create" : "server.update", id, ServerAudit.Of(existing), ServerAudit.Of(view, body.AdminPassword is not null));
        return existing is null ? TypedResults.Created($"/api/asteroid/admin/servers/{id}", view) : TypedResults.Ok(view);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, IGrainFactory grains, AuditLog audit, ClaimsPrincipal who, AccessRulesSource access)
    {
        var grain = grains.GetGrain<IIcecastServerGrain>(ServerIds.IsValid(id) ? id : "invalid");
        var existing = ServerIds.IsValid(id) ? await grain.Get() : null;
        if (existing is null || !await grain.Remove())
        {
            return NotFound(id);
        }

        access.Invalidate();
        await audit.WriteAsync(who, "server.delete", id, ServerAudit.Of(existing), null);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown server", detail: $"No Icecast server with id '{id}'.");
}

/// <summary>A server's settings as the audit log keeps them: whether it has a password, never the password.</summary>
public sealed record class ServerAudit(Uri BaseUrl, string AdminUser, bool HasPassword, bool PasswordChanged, int PollIntervalSeconds, bool Enabled, string? TimeZone = null)
{
    public static ServerAudit? Of(IcecastServerView? view, bool passwordChanged = false) => view is null
        ? null
        : new ServerAudit(view.BaseUrl, view.AdminUser, view.HasPassword, passwordChanged, view.PollIntervalSeconds, view.Enabled, view.TimeZone);
}

/// <summary>Body of <c>PUT /api/asteroid/admin/servers/{id}</c>. Omit <c>adminPassword</c> to keep the stored one;
/// <c>timeZone</c> (optional, IANA) is the zone of the server scope's report days (UTC without one).</summary>
public sealed record class ServerRequest(Uri? BaseUrl, string? AdminUser, string? AdminPassword, int? PollIntervalSeconds, bool? Enabled, string? TimeZone = null)
{
    public Dictionary<string, string[]> Validate(string id, bool isNew)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ServerIds.IsValid(id))
        {
            errors["id"] = [ServerIds.Rule];
        }

        if (ServerSettingsRules.CheckBaseUrl(BaseUrl) is { } url)
        {
            errors["baseUrl"] = [$"baseUrl {url}"];
        }

        if (PollIntervalSeconds is { } poll && ServerSettingsRules.CheckPollInterval(poll) is { } interval)
        {
            errors["pollIntervalSeconds"] = [$"pollIntervalSeconds {interval}"];
        }

        if (AdminUser is { } user && (user.Length > 200 || user.Any(char.IsControl)))
        {
            errors["adminUser"] = ["adminUser is at most 200 characters, without control characters"];
        }

        if (TimeZone is not null && (TimeZone.Length > 100 || !TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _)))
        {
            errors["timeZone"] = ["timeZone is an IANA time zone (such as Europe/Berlin), at most 100 characters; omit it for UTC"];
        }

        if (AdminPassword is { Length: > 1000 })
        {
            errors["adminPassword"] = ["adminPassword is at most 1000 characters"];
        }
        else if (isNew && string.IsNullOrEmpty(AdminPassword))
        {
            errors["adminPassword"] = ["adminPassword is required for a new server"];
        }

        return errors;
    }
}
