using System.Globalization;
using System.Text.Json;
using Asteroid.Icecast;
using Asteroid.Reports;
using Asteroid.Servers;
using Asteroid.Tracks;
using Asteroid.Web.Hooks;
using Microsoft.AspNetCore.Mvc;

namespace Asteroid.Web.Tracks;

/// <summary><c>POST /api/asteroid/now-playing/{serverId}?token=…</c> (the server's hook token):
/// an automation system (Liquidsoap <c>on_track</c>, RadioDJ, SAM) says which track starts, as JSON
/// or form fields <c>mount, artist, title, album, isrc, label, durationSeconds, startedAt</c>
/// (ISO 8601; absent: now). Answers the play it became (a poll of the same track joins it).</summary>
public static class NowPlayingPushApi
{
    public const long MaxBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapNowPlayingPush(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/asteroid/now-playing/{serverId}", PushAsync).AllowAnonymous().DisableAntiforgery()
            .WithName("PushNowPlaying")
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .WithFormOptions(valueCountLimit: 32, valueLengthLimit: (int)MaxBodyBytes, keyLengthLimit: 64)
            .RequireRateLimiting(Hosting.RateLimitingExtensions.HooksPolicy);
        return app;
    }

    private sealed record class PushBody(string? Mount, string? Artist, string? Title, string? Album, string? Isrc, string? Label,
        JsonElement? DurationSeconds, JsonElement? StartedAt);

    private static async Task<IResult> PushAsync(string serverId, HttpRequest request, HookTokenCache tokens, IGrainFactory grains, TimeProvider time)
    {
        var receivedAt = time.GetUtcNow();
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
                    "The token does not match this server's hook token (GET /api/asteroid/admin/servers/{id}/hook shows it).");
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Body too large", $"A now-playing push is at most {MaxBodyBytes} bytes.");
        }

        string? mount, artist, title, album, isrc, label, duration, started;
        try
        {
            if (request.HasJsonContentType())
            {
                var body = await JsonSerializer.DeserializeAsync<PushBody>(request.Body, JsonSerializerOptions.Web, request.HttpContext.RequestAborted);
                (mount, artist, title, album, isrc, label) = (body?.Mount, body?.Artist, body?.Title, body?.Album, body?.Isrc, body?.Label);
                duration = Scalar(body?.DurationSeconds);
                started = Scalar(body?.StartedAt);
            }
            else if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
                (mount, artist, title, album, isrc, label, duration, started) = (form["mount"], form["artist"], form["title"], form["album"],
                    form["isrc"], form["label"], form["durationSeconds"], form["startedAt"]);
            }
            else
            {
                return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported body", "Send application/json or application/x-www-form-urlencoded.");
            }
        }
        catch (JsonException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed JSON", ex.Message);
        }
        catch (BadHttpRequestException ex)
        {
            return Problem(ex.StatusCode, "Body refused", ex.Message);
        }
        catch (InvalidDataException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, "Malformed form", ex.Message);
        }

        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(mount) || mount[0] != '/' || !ReportRules.IsValidMount(mount))
        {
            errors["mount"] = ["mount is required: it starts with '/', at most 1024 characters without control characters"];
        }

        if (TrackNames.Clean(title) is null)
        {
            errors["title"] = ["title is required"];
        }

        int? durationSeconds = null;
        if (!string.IsNullOrEmpty(duration))
        {
            if (int.TryParse(duration, NumberStyles.None, CultureInfo.InvariantCulture, out var d) && d <= InputLimits.MaxSessionSeconds)
            {
                durationSeconds = d;
            }
            else
            {
                errors["durationSeconds"] = ["durationSeconds is a whole number of seconds"];
            }
        }

        DateTimeOffset? startedAt = null;
        if (!string.IsNullOrEmpty(started))
        {
            if (DateTimeOffset.TryParse(started, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var s)
                && s > receivedAt.AddDays(-1) && s < receivedAt.AddMinutes(5))
            {
                startedAt = s;
            }
            else
            {
                errors["startedAt"] = ["startedAt is an ISO 8601 time within the last day (e.g. 2026-12-02T00:10:00Z); absent means now"];
            }
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, title: "The now-playing push is not valid");
        }

        var settings = await grains.GetGrain<IIcecastServerGrain>(serverId).GetSettings();
        var interval = settings?.PollInterval ?? TimeSpan.FromSeconds(IcecastServerSettings.DefaultPollIntervalSeconds);
        var play = await grains.GetGrain<INowPlayingGrain>(Mounts.MountKey.Format(serverId, mount!))
            .Push(new TrackPush(mount!, artist, title!, album, isrc, label, durationSeconds, startedAt), receivedAt, interval);
        return TypedResults.Ok(new PushedPlay(play.Server, play.Mount, play.StartedAt, play.Artist, play.Title, play.Album, play.Isrc, play.Label, play.DurationSeconds, play.Source));
    }

    private static string? Scalar(JsonElement? element) => element switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } e => e.GetString(),
        { ValueKind: JsonValueKind.Number } e => e.GetRawText(),
        { ValueKind: JsonValueKind.Null } => null,
        _ => "invalid",
    };

    private static IResult Problem(int status, string title, string detail) => Results.Problem(statusCode: status, title: title, detail: detail);
}

/// <summary>The answer of a push: the play the track is now (source <c>push</c>).</summary>
public sealed record class PushedPlay(string Server, string Mount, DateTimeOffset StartedAt, string? Artist, string Title, string? Album, string? Isrc,
    string? Label, int? DurationSeconds, string Source);
