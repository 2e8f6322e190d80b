using System.Security.Claims;
using System.Text.RegularExpressions;
using Asteroid.Access;
using Asteroid.Web.Access.Audit;
using Asteroid.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Asteroid.Web.Access;

/// <summary><c>/api/asteroid/admin/users[/{name}]</c> (admins only): dashboard users with a role and
/// the stations and groups they may read. The password is write-only: never answered, logged or audited.</summary>
public static partial class UsersApi
{
    public const int MinPasswordLength = 8;

    public static IEndpointRouteBuilder MapUsers(this IEndpointRouteBuilder api)
    {
        var users = api.MapGroup("/admin/users").AdminOnly();
        users.MapGet("/", async (IGrainFactory grains) => TypedResults.Ok((await Directory(grains).List()).Users.Select(UserView.Of)))
            .WithName("ListUsers");
        users.MapGet("/{name}", async Task<Results<Ok<UserView>, ProblemHttpResult>> (string name, IGrainFactory grains) =>
            (await Directory(grains).List()).Users.FirstOrDefault(u => u.Name == name) is { } user ? TypedResults.Ok(UserView.Of(user)) : NotFound(name))
            .WithName("GetUser");
        users.MapPut("/{name}", PutAsync).WithName("PutUser");
        users.MapDelete("/{name}", async Task<Results<NoContent, ProblemHttpResult>> (string name, IGrainFactory grains, UserCache cache, AuditLog audit, ClaimsPrincipal who) =>
        {
            if (await Directory(grains).Remove(name) is not { } removed)
            {
                return NotFound(name);
            }

            cache.Invalidate();
            await audit.WriteAsync(who, "user.delete", removed.Name, UserView.Of(removed), null);
            return TypedResults.NoContent();
        }).WithName("DeleteUser");
        return api;
    }

    private static async Task<Results<Ok<UserView>, Created<UserView>, ValidationProblem>> PutAsync(
        string name, UserRequest body, IGrainFactory grains, UserCache cache, UserPasswords passwords, AuditLog audit, ClaimsPrincipal who,
        IOptionsMonitor<AuthOptions> auth, TimeProvider time)
    {
        var errors = new Dictionary<string, string[]>();
        if (!NameRegex().IsMatch(name))
        {
            errors["name"] = ["a user name is 1-64 characters: letters, digits, '.', '_', '-' or '@'"];
        }
        else if (auth.CurrentValue.Admins.Any(a => string.Equals(a.User, name, StringComparison.OrdinalIgnoreCase)))
        {
            errors["name"] = [$"'{name}' is an admin from configuration (Auth:Admins): change it there"];
        }

        GrantRules.Check(body.Role, body.Stations, body.Groups, errors);
        if (body.Password is { } password && (password.Length < MinPasswordLength || password.Length > AuthOptions.MaxPasswordLength))
        {
            errors["password"] = [$"a password is {MinPasswordLength}-{AuthOptions.MaxPasswordLength} characters"];
        }

        var directory = Directory(grains);
        var existing = (await directory.List()).Users.FirstOrDefault(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase));
        if (existing is null && body.Password is null && !errors.ContainsKey("password"))
        {
            errors["password"] = ["password is required for a new user"];
        }

        if (existing is not null && existing.Name != name && !errors.ContainsKey("name"))
        {
            errors["name"] = [$"user '{existing.Name}' exists: names differ by more than case"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The user is not valid");
        }

        var account = new UserAccount(name, body.Role ?? existing?.Role ?? Roles.Viewer,
            body.Stations is null ? existing?.Stations ?? [] : GrantRules.Normalize(body.Stations),
            body.Groups is null ? existing?.Groups ?? [] : GrantRules.Normalize(body.Groups),
            body.Password is null ? null : passwords.Hash(body.Password), time.GetUtcNow());
        var previous = await directory.Put(account);
        cache.Invalidate();
        var view = UserView.Of(account);
        await audit.WriteAsync(who, previous is null ? "user.create" : "user.update", name,
            previous is null ? null : UserView.Of(previous), new UserAudit(view, PasswordChanged: body.Password is not null));
        return previous is null ? TypedResults.Created($"/api/asteroid/admin/users/{name}", view) : TypedResults.Ok(view);
    }

    private static IUserDirectoryGrain Directory(IGrainFactory grains) => grains.GetGrain<IUserDirectoryGrain>(IUserDirectoryGrain.Key);

    private static ProblemHttpResult NotFound(string name) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown user", detail: $"No user named '{name}'.");

    [GeneratedRegex("^[A-Za-z0-9._@-]{1,64}$")]
    private static partial Regex NameRegex();
}

/// <summary>Body of <c>PUT /api/asteroid/admin/users/{name}</c>: omitted fields keep their value
/// (a new user is a viewer of nothing unless told otherwise); <c>password</c> is required for a new user.</summary>
public sealed record class UserRequest(string? Role, IReadOnlyList<string>? Stations, IReadOnlyList<string>? Groups, string? Password);

/// <summary>A user as answered and audited: never a password or its hash.</summary>
public sealed record class UserView(string Name, string Role, IReadOnlyList<string> Stations, IReadOnlyList<string> Groups, DateTimeOffset UpdatedAt)
{
    public static UserView Of(UserAccount user) => new(user.Name, user.Role, user.Stations, user.Groups, user.UpdatedAt);
}

/// <summary>The audit's "after" of a user change: the view, and whether the password was set (not what to).</summary>
public sealed record class UserAudit(UserView User, bool PasswordChanged);
