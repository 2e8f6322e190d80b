using System.Security.Claims;
using Asteroid.Access;
using Asteroid.Servers;
using Asteroid.Web.Access;
using Asteroid.Web.Access.Audit;
using Microsoft.AspNetCore.Identity;
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
        }).AnyCaller();
        // Anonymous callers get {"user": null}: the dashboard asks before signing in.
        auth.MapGet("/me", (ClaimsPrincipal user) =>
        {
            var signedIn = user.Identity?.IsAuthenticated == true;
            var grants = AccessClaims.GrantsOf(user);
            return TypedResults.Ok(new
            {
                user = signedIn ? user.Identity!.Name : null,
                via = signedIn ? user.Identity!.AuthenticationType : null,
                role = signedIn ? grants.Role : null,
                stations = signedIn ? grants.Stations.Order(StringComparer.Ordinal).ToArray() : null,
                groups = signedIn ? grants.Groups.Order(StringComparer.Ordinal).ToArray() : null,
            });
        }).AllowAnonymous();

        var keys = app.MapGroup("/api/asteroid/admin/api-keys").AdminOnly();
        keys.MapGet("/", async (IGrainFactory grains) =>
            TypedResults.Ok((await grains.GetGrain<IApiKeyDirectoryGrain>(IApiKeyDirectoryGrain.Key).List()).Keys.Select(ApiKeyView.Of)));
        keys.MapPost("/", async (NewApiKey body, IGrainFactory grains, ApiKeyCache cache, AuditLog audit, ClaimsPrincipal who) =>
        {
            var errors = new Dictionary<string, string[]>();
            if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 100 || body.Name.Any(char.IsControl))
            {
                errors["name"] = ["name is required (up to 100 characters, no control characters)"];
            }

            GrantRules.Check(body.Role, body.Stations, body.Groups, errors);
            if (errors.Count > 0)
            {
                return (Results<Ok<object>, ValidationProblem>)TypedResults.ValidationProblem(errors);
            }

            // An old client sends only a name: its key is a viewer of nothing until an admin grants it something.
            var created = await grains.GetGrain<IApiKeyDirectoryGrain>(IApiKeyDirectoryGrain.Key)
                .Create(body.Name!.Trim(), body.Role ?? Roles.Viewer, GrantRules.Normalize(body.Stations), GrantRules.Normalize(body.Groups));
            cache.Invalidate();
            var view = ApiKeyView.Of(created.Info);
            await audit.WriteAsync(who, "api-key.create", created.Info.Id, null, view);
            return TypedResults.Ok<object>(new { view.Id, view.Name, view.CreatedAt, view.Role, view.Stations, view.Groups, key = created.Key });
        });
        keys.MapPut("/{id}", async (string id, ApiKeyGrants body, IGrainFactory grains, ApiKeyCache cache, AuditLog audit, ClaimsPrincipal who) =>
        {
            var errors = new Dictionary<string, string[]>();
            GrantRules.Check(body.Role, body.Stations, body.Groups, errors);
            if (body.Role is null)
            {
                errors["role"] = ["role is admin, manager or viewer"];
            }

            if (errors.Count > 0)
            {
                return (Results<Ok<ApiKeyView>, ValidationProblem, ProblemHttpResult>)TypedResults.ValidationProblem(errors);
            }

            var directory = grains.GetGrain<IApiKeyDirectoryGrain>(IApiKeyDirectoryGrain.Key);
            if (await directory.Update(id, body.Role!, GrantRules.Normalize(body.Stations), GrantRules.Normalize(body.Groups)) is not { } previous)
            {
                return UnknownKey(id);
            }

            cache.Invalidate();
            var after = (await directory.List()).Keys.First(k => k.Id == id);
            await audit.WriteAsync(who, "api-key.update", id, ApiKeyView.Of(previous), ApiKeyView.Of(after));
            return TypedResults.Ok(ApiKeyView.Of(after));
        });
        keys.MapDelete("/{id}", async (string id, IGrainFactory grains, ApiKeyCache cache, AuditLog audit, ClaimsPrincipal who) =>
        {
            var directory = grains.GetGrain<IApiKeyDirectoryGrain>(IApiKeyDirectoryGrain.Key);
            var before = (await directory.List()).Keys.FirstOrDefault(k => k.Id == id);
            var revoked = await directory.Revoke(id);
            cache.Invalidate();
            if (revoked)
            {
                await audit.WriteAsync(who, "api-key.revoke", id, before is null ? null : ApiKeyView.Of(before), null);
            }

            return revoked ? (Results<NoContent, ProblemHttpResult>)TypedResults.NoContent() : UnknownKey(id);
        });
        return app;
    }

    private static ProblemHttpResult UnknownKey(string id) =>
        TypedResults.Problem(statusCode: 404, title: "Unknown API key", detail: $"No API key with id '{id}'.");

    private static async Task<IResult> LoginAsync(Credentials body, HttpContext context, IOptionsMonitor<AuthOptions> options, LoginThrottle throttle,
        IAntiforgery antiforgery, ILoggerFactory loggers, UserCache users, UserPasswords passwords, IGrainFactory grains)
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

        // Every sign-in does the work of both kinds of password (a configured admin's PBKDF2 and a
        // managed user's Identity hash), real or dummy, so answer times tell no name apart.
        var admins = options.CurrentValue.Admins;
        var admin = admins.FirstOrDefault(a => string.Equals(a.User, user, StringComparison.Ordinal));
        var managed = admin is null ? await users.FindAsync(user) : null;
        var result = PasswordHash.Result.Failed;
        if (admin is null)
        {
            PasswordHash.DummyVerify(password, admins.Count > 0 ? PasswordHash.IterationsOf(admins[0].PasswordHash) : PasswordHash.Iterations);
        }
        else
        {
            result = PasswordHash.Check(password, admin.PasswordHash);
        }

        var managedResult = PasswordVerificationResult.Failed;
        if (managed?.PasswordHash is { } stored)
        {
            managedResult = passwords.Verify(stored, password);
        }
        else
        {
            passwords.DummyVerify(password);
        }

        if (result == PasswordHash.Result.Failed && managedResult == PasswordVerificationResult.Failed)
        {
            throttle.Failed(client, user);
            return TypedResults.Problem(statusCode: 401, title: "Wrong user name or password");
        }

        throttle.Succeeded(client, user);
        var logger = loggers.CreateLogger(typeof(AccountApi));
        ClaimsIdentity identity;
        if (admin is not null)
        {
            if (result == PasswordHash.Result.SuccessRehashNeeded)
            {
                // Configured admins cannot be rewritten from here: tell the operator once per sign-in.
                LogWeakHash(logger, admin.User, PasswordHash.IterationsOf(admin.PasswordHash), PasswordHash.Iterations);
            }

            identity = CookiePrincipals.ForConfiguredAdmin(admin.User);
        }
        else
        {
            if (managedResult == PasswordVerificationResult.SuccessRehashNeeded)
            {
                // An older Identity format or fewer iterations: store the current one now that the password is known.
                var replacement = passwords.Hash(password);
                if (await grains.GetGrain<IUserDirectoryGrain>(IUserDirectoryGrain.Key).ReplaceHash(managed!.Name, managed.PasswordHash!, replacement))
                {
                    users.Invalidate();
                    managed = managed with { PasswordHash = replacement };
                    LogRehashed(logger, managed.Name);
                }
            }

            identity = CookiePrincipals.ForUser(managed!);
        }

        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return TypedResults.NoContent();
    }

    [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "Rehashed the password of user {User} in the current format at sign-in")]
    private static partial void LogRehashed(ILogger logger, string user);

    [LoggerMessage(EventId = 2300, Level = LogLevel.Warning,
        Message = "Admin {User} signed in with a password hash of {Iterations} PBKDF2 iterations; new hashes use {Current}: regenerate Auth:Admins' PasswordHash with 'Asteroid.Web hash-password'")]
    private static partial void LogWeakHash(ILogger logger, string user, int iterations, int current);

    public sealed record class Credentials(string? User, string? Password);

    /// <summary>Body of <c>POST /api/asteroid/admin/api-keys</c>; without role and grants, a viewer of nothing.</summary>
    public sealed record class NewApiKey(string? Name, string? Role = null, IReadOnlyList<string>? Stations = null, IReadOnlyList<string>? Groups = null);

    /// <summary>Body of <c>PUT /api/asteroid/admin/api-keys/{id}</c>.</summary>
    public sealed record class ApiKeyGrants(string? Role, IReadOnlyList<string>? Stations, IReadOnlyList<string>? Groups);

    /// <summary>A key as listed and audited: role and grants, never its secret or hash. A key from
    /// before roles lists as admin.</summary>
    public sealed record class ApiKeyView(string Id, string Name, DateTimeOffset CreatedAt, string Role, IReadOnlyList<string> Stations, IReadOnlyList<string> Groups)
    {
        public static ApiKeyView Of(ApiKeyInfo k) => new(k.Id, k.Name, k.CreatedAt, k.EffectiveRole, k.Stations ?? [], k.Groups ?? []);
    }
}
