using System.Security;
using Asteroid.Icecast;
using Asteroid.Servers;
using System.Security.Claims;
using Asteroid.Web.Access;
using Asteroid.Web.Access.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Asteroid.Web.Hooks;

/// <summary><c>GET /api/asteroid/admin/servers/{id}/hook</c>: the hook URL with its token and a
/// ready-to-paste <c>&lt;authentication type="url"&gt;</c> block; <c>POST …/hook/rotate</c> replaces the token.</summary>
public static class HookConfigApi
{
    public const string GateWarning =
        "With listener_add, Icecast admits a listener only when Asteroid answers: while Asteroid is down or slow, " +
        "every new listener on that mount is refused (there is no fail-open option). Use the remove-only block unless " +
        "you need starts within a second; polling sees new listeners within one poll interval anyway.";

    public static IEndpointRouteBuilder MapHookConfig(this IEndpointRouteBuilder api)
    {
        api.MapGet("/admin/servers/{id}/hook", async (string id, HttpRequest request, IGrainFactory grains, IConfiguration config) =>
            ServerIds.IsValid(id) && await grains.GetGrain<IIcecastServerGrain>(id).GetHookToken() is { } token
                ? (Results<Ok<HookConfig>, ProblemHttpResult>)TypedResults.Ok(HookConfig.For(id, token, PublicBase(request, config)))
                : NotFound(id)).AdminOnly();
        api.MapPost("/admin/servers/{id}/hook/rotate", async (string id, HttpRequest request, IGrainFactory grains, IConfiguration config, HookTokenCache cache,
            AuditLog audit, ClaimsPrincipal who) =>
        {
            if (!ServerIds.IsValid(id) || await grains.GetGrain<IIcecastServerGrain>(id).RotateHookToken() is not { } token)
            {
                return (Results<Ok<HookConfig>, ProblemHttpResult>)NotFound(id);
            }

            cache.Forget(id);
            await audit.WriteAsync(who, "server.hook-token.rotate", id, null, null); // the token itself is a secret
            return TypedResults.Ok(HookConfig.For(id, token, PublicBase(request, config)));
        }).AdminOnly();
        return api;
    }

    /// <summary>Where Icecast reaches this service: <c>Hooks:PublicBaseUrl</c>, else the address this
    /// request came to.</summary>
    private static string PublicBase(HttpRequest request, IConfiguration config) =>
        (config["Hooks:PublicBaseUrl"] is { Length: > 0 } configured ? configured : $"{request.Scheme}://{request.Host}").TrimEnd('/');

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown server", detail: $"No Icecast server with id '{id}'.");
}

/// <summary>What an operator pastes into a <c>&lt;mount&gt;</c> of icecast.xml. The listener_add form also
/// has Icecast forward the listener's <c>Referer</c> (traffic sources) and its forwarded-address headers
/// (believed only from <c>Asteroid:TrustedProxies</c>).</summary>
public sealed record class HookConfig(string Server, string Token, string Url, string RemoveOnlyXml, string WithListenerAddXml, string Warning)
{
    public static HookConfig For(string server, string token, string publicBase)
    {
        var url = $"{publicBase}/api/asteroid/icecast/hooks/{server}?token={Uri.EscapeDataString(token)}";
        var value = SecurityElement.Escape(url);
        var removeOnly = $"""
            <authentication type="url">
                <option name="listener_remove" value="{value}"/>
            </authentication>
            """;
        var withAdd = $"""
            <authentication type="url">
                <option name="listener_add" value="{value}"/>
                <option name="listener_remove" value="{value}"/>
                <option name="headers" value="referer,x-forwarded-for,forwarded"/>
            </authentication>
            """;
        return new HookConfig(server, token, url, removeOnly, withAdd, HookConfigApi.GateWarning);
    }
}
