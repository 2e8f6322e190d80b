using System.Security.Claims;
using Asteroid.Access;
using Asteroid.Web.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace Asteroid.Web.Auth;

/// <summary>What a sign-in cookie holds and how it is checked on every request: the user's name and
/// where they come from. Role and grants are read afresh from the user directory (cached a few
/// seconds), so a change of role or grants applies to signed-in users within seconds, and a deleted
/// user or a changed password ends their sessions.</summary>
public static class CookiePrincipals
{
    private const string Stamp = "asteroid:stamp";

    public static ClaimsIdentity ForConfiguredAdmin(string name) => new(
        [new Claim(ClaimTypes.Name, name), new Claim(AccessClaims.Source, AccessClaims.ConfigSource), .. AccessClaims.For(Grants.Admin)],
        CookieAuthenticationDefaults.AuthenticationScheme);

    public static ClaimsIdentity ForUser(UserAccount user) => new(
        [
            new Claim(ClaimTypes.Name, user.Name), new Claim(AccessClaims.Source, AccessClaims.DirectorySource), new Claim(Stamp, StampOf(user)),
            .. AccessClaims.For(Grants.Of(user.Role, user.Stations, user.Groups)),
        ],
        CookieAuthenticationDefaults.AuthenticationScheme);

    /// <summary>The cookie event: replaces the principal with current grants, or rejects it.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var name = context.Principal?.Identity?.Name;
        ClaimsIdentity? current = null;
        if (name is not null)
        {
            var source = context.Principal!.FindFirst(AccessClaims.Source)?.Value;
            if (source == AccessClaims.DirectorySource)
            {
                var users = context.HttpContext.RequestServices.GetRequiredService<UserCache>();
                if (await users.FindAsync(name) is { } user && context.Principal.FindFirst(Stamp)?.Value == StampOf(user))
                {
                    current = ForUser(user);
                }
            }
            else if (context.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<AuthOptions>>().CurrentValue.Admins
                .Any(a => string.Equals(a.User, name, StringComparison.Ordinal)))
            {
                // Cookies of configured admins (and those issued before roles, which were all admins).
                current = ForConfiguredAdmin(name);
            }
        }

        if (current is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        context.ReplacePrincipal(new ClaimsPrincipal(current));
    }

    /// <summary>Changes when the password (its hash) changes: sessions signed in before end.</summary>
    private static string StampOf(UserAccount user) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(user.PasswordHash ?? "")))[..16];
}
