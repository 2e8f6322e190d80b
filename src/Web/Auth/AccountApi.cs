using System.Security.Claims;
using Asteroid.Servers;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Asteroid.Web.Auth;

/// <summary>Dashboard sign-in: <c>/api/asteroid/auth/antiforgery</c> (token for the X-CSRF-TOKEN
/// header), <c>login</c>, <c>logout</c>, <c>me</c>; and the API keys page's endpoints
/// <c>/api/asteroid/admin/api-keys</c>.</summary>
public static partial class AccountApi
{
    public static IEndpointRouteBuilder MapAccount(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/asteroid/auth");
        auth.MapGet("/antiforgery", (HttpContext context, IAntiforgery antiforgery) =>
            TypedResults.Ok(new { token = antiforgery.GetAndStoreTokens(context).RequestToken })).AllowAnonymous();
        auth.MapPost("/login", LoginAsync).AllowAnonymous().RequireRateLimiting(Hosting.RateLimitingExtensions.SignInPolicy)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(16 * 1024));
        auth.MapPost("/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return TypedResults.NoContent();
        }).RequireAuthorization();
        // Anonymous callers get {"user": null}: the dashboard asks before signing in.
        auth.MapGet("/me", (ClaimsPrincipal user) => TypedResults.Ok(new
        {
            user = user.Identity?.IsAuthenticated == true ? user.Identity.Name : null,
            via = user.Identity?.IsAuthenticated == true ? user.Identity.AuthenticationType : null,
        })).AllowAnonymous();

        var keys = app.MapGroup("/api/asteroid/admin/api-keys").RequireAuthorization();
        keys.MapGet("/", async (IGrainFactory grains) =>
            TypedResults.Ok((await grains.GetGrain<IApiKeyDirectoryGrain>(IApiKeyDirectoryGrain.Key).List()).Keys.Select(k => new { k.Id, k.Name, k.CreatedAt })));
        keys.MapPost("/", async (NewApiKey body, IGrainFactory grains, ApiKeyCache cache) =>
        {
            if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 100)
            {
                return (Results<Ok<object>, ValidationProblem>)TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["name is required (up to 100 characters)"] });
            }

            var created = await grains.GetGrain<IApiKeyDirectoryGrain>(IApiKeyDirectoryGrain.Key).Create(body.Name.Trim());
            cache.Invalidate();
            return TypedResults.Ok<object>(new { created.Info.Id, created.Info.Name, created.Info.CreatedAt, key = created.Key });
        });
        keys.MapDelete("/{id}", async (string id, IGrainFactory grains, ApiKeyCache cache) =>
        {
            var revoked = await grains.GetGrain<IApiKeyDirectoryGrain>(IApiKeyDirectoryGrain.Key).Revoke(id);
            cache.Invalidate();
            return revoked
                ? (Results<NoContent, ProblemHttpResult>)TypedResults.NoContent()
                : TypedResults.Problem(statusCode: 404, title: "Unknown API key", detail: $"No API key with id '{id}'.");
        });
        return app;
    }

    private static async Task<IResult> LoginAsync(Credentials body, HttpContext context, IOptionsMonitor<AuthOptions> options, LoginThrottle throttle,
        IAntiforgery antiforgery, ILoggerFactory loggers)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return TypedResults.Problem(statusCode: 400, title: "Missing anti-forgery token", detail: "Reload the sign-in page and try again.");
        }

        var user = body.User ?? "";
        var password = body.Password ?? "";
        if (user.Length > AuthOptions.MaxUserNameLength || password.Length > AuthOptions.MaxPasswordLength)
        {
            // Refused before any work or memory is spent on it; no name is that long.
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [user.Length > AuthOptions.MaxUserNameLength ? "user" : "password"] =
                    [$"user names are at most {AuthOptions.MaxUserNameLength} characters, passwords at most {AuthOptions.MaxPasswordLength}"],
            }, title: "Sign-in refused");
        }

        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown"; // used in memory for the throttle only
        if (throttle.RetryAfter(client, user) is { } wait)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: 429, title: "Too many failed sign-ins", detail: $"Try again in {Math.Ceiling(wait.TotalMinutes)} minute(s).");
        }

        var admins = options.CurrentValue.Admins;
        var admin = admins.FirstOrDefault(a => string.Equals(a.User, user, StringComparison.Ordinal));
        var result = PasswordHash.Result.Failed;
        if (admin is null)
        {
            // As much work as a known user costs, so answer times do not tell which names exist.
            PasswordHash.DummyVerify(password, admins.Count > 0 ? PasswordHash.IterationsOf(admins[0].PasswordHash) : PasswordHash.Iterations);
        }
        else
        {
            result = PasswordHash.Check(password, admin.PasswordHash);
        }

        if (result == PasswordHash.Result.Failed)
        {
            throttle.Failed(client, user);
            return TypedResults.Problem(statusCode: 401, title: "Wrong user name or password");
        }

        throttle.Succeeded(client, user);
        if (result == PasswordHash.Result.SuccessRehashNeeded)
        {
            // Configured admins cannot be rewritten from here: tell the operator once per sign-in.
            LogWeakHash(loggers.CreateLogger(typeof(AccountApi)), admin!.User, PasswordHash.IterationsOf(admin.PasswordHash), PasswordHash.Iterations);
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, admin!.User), new Claim(ClaimTypes.Role, "admin")], CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return TypedResults.NoContent();
    }

    [LoggerMessage(EventId = 2300, Level = LogLevel.Warning,
        Message = "Admin {User} signed in with a password hash of {Iterations} PBKDF2 iterations; new hashes use {Current}: regenerate Auth:Admins' PasswordHash with 'Asteroid.Web hash-password'")]
    private static partial void LogWeakHash(ILogger logger, string user, int iterations, int current);

    public sealed record class Credentials(string? User, string? Password);

    public sealed record class NewApiKey(string? Name);
}
