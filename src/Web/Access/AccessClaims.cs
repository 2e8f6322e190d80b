using System.Security.Claims;

namespace Asteroid.Web.Access;

/// <summary>How grants travel on a principal: the role as <see cref="ClaimTypes.Role"/>, each station
/// and group as its own claim. Cookie users and API keys carry the same claims.</summary>
public static class AccessClaims
{
    public const string Station = "asteroid:station";
    public const string Group = "asteroid:group";

    /// <summary>Where a cookie principal comes from: <see cref="ConfigSource"/> (Auth:Admins) or <see cref="DirectorySource"/> (a managed user).</summary>
    public const string Source = "asteroid:source";
    public const string ConfigSource = "config";
    public const string DirectorySource = "users";

    public static IEnumerable<Claim> For(Grants grants) =>
        [new Claim(ClaimTypes.Role, grants.Role), .. grants.Stations.Select(s => new Claim(Station, s)), .. grants.Groups.Select(g => new Claim(Group, g))];

    /// <summary>The grants of a principal; nothing for an anonymous one or one without a known role.</summary>
    public static Grants GrantsOf(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return Grants.Nothing;
        }

        var role = user.FindFirst(ClaimTypes.Role)?.Value;
        return Roles.IsValid(role)
            ? Grants.Of(role!, user.FindAll(Station).Select(c => c.Value), user.FindAll(Group).Select(c => c.Value))
            : Grants.Nothing;
    }
}
