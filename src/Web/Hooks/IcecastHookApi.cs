using System.Globalization;
using System.Net;
using Asteroid.Enrichment;
using Asteroid.Icecast;
using Asteroid.Mounts;
using Asteroid.Reports;
using Microsoft.AspNetCore.Mvc;

namespace Asteroid.Web.Hooks;

/// <summary><c>POST /api/asteroid/icecast/hooks/{serverId}?token=…</c>: Icecast's URL authentication
/// (<c>&lt;authentication type="url"&gt;</c>) calls, form-encoded: listener_add, listener_remove,
/// mount_add, mount_remove. The IP is enriched here and dropped; <c>pass</c> is never read. A forwarded
/// <c>Referer</c> becomes the session's referrer host and player kind. Icecast 2.5 also sends
/// <c>server-instance</c> (its process UUID); it is accepted and not used yet: sessions stay keyed by
/// the server start time of <c>/admin/stats</c>, which changes with the process too.
/// listener_add is answered with <c>icecast-auth-user: 1</c> at once: nothing here waits on the
/// database or on a grain.</summary>
public static partial class IcecastHookApi
{
    public const string AuthUserHeader = "icecast-auth-user";

    /// <summary>The prefixes of the fields Icecast sends for <c>&lt;option name="headers" value="x-forwarded-for"/&gt;</c>:
    /// none (Icecast 2.4.4's default <c>header_prefix</c>: the field is <c>x-forwarded-for</c>) and the <c>hdr_</c>
    /// the project's recorded samples set.</summary>
    public static readonly string[] HeaderPrefixes = ["", "hdr_"];
    public const string ForwardedForHeader = "x-forwarded-for";
    public const string ForwardedHeader = "forwarded";

    public static IEndpointRouteBuilder MapIcecastHooks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/asteroid/icecast/hooks/{serverId}", HandleAsync).AllowAnonymous().DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(InputLimits.MaxHookBodyBytes))
            .WithFormOptions(valueCountLimit: InputLimits.MaxHookFields, valueLengthLimit: (int)InputLimits.MaxHookBodyBytes, keyLengthLimit: 256)
            .RequireRateLimiting(Hosting.RateLimitingExtensions.HooksPolicy);
        return app;
    }

    private static async Task<IResult> HandleAsync(
        string serverId, HttpRequest request, HookTokenCache tokens, IGrainFactory grains, ListenerEnricher enricher,
        Enrichment.TrustedProxies trustedProxies, TimeProvider time, ILoggerFactory loggers)
    {
        var at = time.GetUtcNow();
        if (!ServerIds.IsValid(serverId))
        {
            return Problem(StatusCodes.Status404NotFound, "Unknown server", $"No Icecast server with id '{serverId}'.");
        }

        switch (await tokens.CheckAsync(serverId, request.Query["token"]))
        {
            case HookTokenCache.Check.UnknownServer:
                return Problem(StatusCodes.Status404NotFound, "Unknown server", $"No Icecast server with id '{serverId}'.");
            case HookTokenCache.Check.BadToken:
                return Problem(StatusCodes.Status401Unauthorized, "Bad hook token",
                    "The token in the hook URL does not match this server's (GET /api/asteroid/admin/servers/{id}/hook shows it).");
        }

        if (!request.HasFormContentType)
        {
            return Problem(StatusCodes.Status400BadRequest, "Not an Icecast hook", "Expected an application/x-www-form-urlencoded body.");
        }

        if (request.ContentLength > InputLimits.MaxHookBodyBytes)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Hook body too large", $"An Icecast hook body is at most {InputLimits.MaxHookBodyBytes} bytes.");
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException ex)
        {
            return Problem(ex.StatusCode, "Hook body refused", ex.Message);
        }
        catch (InvalidDataException ex)
        {
            // Form limits (fields, value lengths) exceeded.
            return Problem(StatusCodes.Status400BadRequest, "Malformed hook", ex.Message);
        }

        var action = form["action"].ToString();
        if (form["server-instance"].ToString().Length > 128)
        {
            // Icecast 2.5 sends its instance UUID (36 characters); read only to refuse nonsense.
            return Problem(StatusCodes.Status400BadRequest, "Malformed hook", "'server-instance' is at most 128 characters.");
        }

        Observability.AsteroidMetrics.HookCalls.Add(1, new KeyValuePair<string, object?>("action", action is "listener_add" or "listener_remove" or "mount_add" or "mount_remove" ? action : "other"));
        var mount = StripQuery(form["mount"].ToString());
        if (action is "listener_add" or "listener_remove")
        {
            if (mount.Length == 0 || mount[0] != '/' || !long.TryParse(form["client"], NumberStyles.None, CultureInfo.InvariantCulture, out var client))
            {
                return Problem(StatusCodes.Status400BadRequest, "Malformed hook", $"{action} needs 'mount' (starting with '/') and a numeric 'client'.");
            }

            long duration = 0;
            if (action == "listener_remove" && !long.TryParse(form["duration"], NumberStyles.None, CultureInfo.InvariantCulture, out duration))
            {
                return Problem(StatusCodes.Status400BadRequest, "Malformed hook", "listener_remove needs a numeric 'duration'.");
            }

            if (duration > InputLimits.MaxSessionSeconds)
            {
                return Problem(StatusCodes.Status400BadRequest, "Malformed hook", $"'duration' is at most {InputLimits.MaxSessionSeconds} seconds.");
            }

            if (!ReportRules.IsValidMount(mount))
            {
                return Problem(StatusCodes.Status400BadRequest, "Malformed hook", "'mount' is at most 1024 characters, without control characters.");
            }

            // Behind a trusted proxy the listener is in the header the hook forwards (headers option).
            var peer = IPAddress.TryParse(form["ip"].ToString(), out var ip) ? ip : null;
            var address = Enrichment.ForwardedAddress.Resolve(peer, Joined(form, ForwardedForHeader), Joined(form, ForwardedHeader), trustedProxies);
            var profile = enricher.Enrich(address, form["agent"].ToString(), ForwardedReferer(form)); // the IP goes no further than this line
            var grain = grains.GetGrain<IMountGrain>(MountKey.Format(serverId, mount));
            var call = action == "listener_add"
                ? grain.HookListenerAdd(client, profile, at)
                : grain.HookListenerRemove(client, profile, duration, at);
            _ = ObserveAsync(call, loggers.CreateLogger(typeof(IcecastHookApi)), serverId, mount, action);
        }
        else if (action is not ("mount_add" or "mount_remove"))
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed hook", "'action' must be listener_add, listener_remove, mount_add or mount_remove.");
        }

        // Sources stopping send mount_remove before the listener_removes: nothing to do here, the
        // removes close the sessions. Discovery (listmounts) follows mount changes on its own.
        request.HttpContext.Response.Headers[AuthUserHeader] = "1";
        return Results.Ok();
    }

    /// <summary>The listener's <c>Referer</c> when the mount forwards it (<c>&lt;option name="headers"
    /// value="referer"/&gt;</c>, with or without <c>header_prefix</c>: the field is the prefix and the
    /// header name as configured, so <c>referer</c>, <c>hdr_referer</c>, <c>ClientHeader.Referer</c>).
    /// Only its host is kept (<see cref="Sources.ReferrerHost"/>).</summary>
    internal static string? ForwardedReferer(IFormCollection form)
    {
        foreach (var (key, value) in form)
        {
            if (key.EndsWith("referer", StringComparison.OrdinalIgnoreCase) && value.ToString() is { Length: > 0 } referer)
            {
                return referer.Length > InputLimits.MaxRefererChars ? referer[..InputLimits.MaxRefererChars] : referer;
            }
        }

        return null;
    }

    /// <summary>A forwarded header's value (form keys are case-insensitive), its repeats joined as HTTP joins them.</summary>
    private static string? Joined(IFormCollection form, string header)
    {
        foreach (var prefix in HeaderPrefixes)
        {
            if (form.TryGetValue(prefix + header, out var values) && values.Count > 0)
            {
                return string.Join(",", values.ToArray());
            }
        }

        return null;
    }

    private static string StripQuery(string mount)
    {
        var query = mount.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? mount : mount[..query];
    }

    private static async Task ObserveAsync(Task call, ILogger logger, string serverId, string mount, string action)
    {
        try
        {
            await call;
        }
        catch (Exception ex)
        {
            LogHookFailed(logger, ex, action, serverId, mount);
        }
    }

    private static IResult Problem(int status, string title, string detail) => Results.Problem(statusCode: status, title: title, detail: detail);

    [LoggerMessage(EventId = 2100, Level = LogLevel.Error, Message = "Hook {Action} for {ServerId}{Mount} could not be applied; polling will settle the session")]
    private static partial void LogHookFailed(ILogger logger, Exception exception, string action, string serverId, string mount);
}
