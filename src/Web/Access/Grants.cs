namespace Asteroid.Web.Access;

/// <summary>What a principal (a signed-in user or an API key) holds: a role and the stations and
/// groups it is granted. Admins hold everything whatever their lists say.</summary>
public sealed record class Grants(string Role, IReadOnlySet<string> Stations, IReadOnlySet<string> Groups)
{
    public static Grants Admin { get; } = new(Roles.Admin, new HashSet<string>(), new HashSet<string>());

    /// <summary>A viewer of nothing: what a new API key gets when it names no role or grants.</summary>
    public static Grants Nothing { get; } = new(Roles.Viewer, new HashSet<string>(), new HashSet<string>());

    public bool IsAdmin => Role == Roles.Admin;

    public static Grants Of(string role, IEnumerable<string>? stations, IEnumerable<string>? groups) =>
        new(role, (stations ?? []).ToHashSet(StringComparer.Ordinal), (groups ?? []).ToHashSet(StringComparer.Ordinal));
}
