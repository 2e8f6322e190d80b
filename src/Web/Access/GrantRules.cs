using Asteroid.Icecast;

namespace Asteroid.Web.Access;

/// <summary>Checks the <c>role</c>, <c>stations</c> and <c>groups</c> of a user or key body. Station
/// and group ids follow the id rule of servers and stations; they need not exist yet (a grant to a
/// station created later applies once it exists).</summary>
public static class GrantRules
{
    public const int MaxGrants = 1000;

    public static void Check(string? role, IReadOnlyList<string>? stations, IReadOnlyList<string>? groups, Dictionary<string, string[]> errors)
    {
        if (role is not null && !Roles.IsValid(role))
        {
            errors["role"] = ["role is admin, manager or viewer"];
        }

        CheckIds("stations", stations, errors);
        CheckIds("groups", groups, errors);
    }

    private static void CheckIds(string field, IReadOnlyList<string>? ids, Dictionary<string, string[]> errors)
    {
        if (ids is null)
        {
            return;
        }

        if (ids.Count > MaxGrants)
        {
            errors[field] = [$"at most {MaxGrants} {field}"];
        }
        else if (ids.Any(id => !ServerIds.IsValid(id)))
        {
            errors[field] = [$"every entry of {field} is an id: {ServerIds.Rule}"];
        }
    }

    /// <summary>The ids as stored: distinct, in the order given.</summary>
    public static IReadOnlyList<string> Normalize(IReadOnlyList<string>? ids) => [.. (ids ?? []).Distinct(StringComparer.Ordinal)];
}
