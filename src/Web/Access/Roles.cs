namespace Asteroid.Web.Access;

/// <summary>The three roles of users and API keys (docs/access-control.md).</summary>
public static class Roles
{
    /// <summary>Everything: servers, keys, users, imports, reconciliation, the audit log, every report.</summary>
    public const string Admin = "admin";

    /// <summary>Reports of their stations and groups, and the settings of their stations (name, time zone,
    /// and which of the station's own mounts it keeps).</summary>
    public const string Manager = "manager";

    /// <summary>Read-only reports of their stations and groups.</summary>
    public const string Viewer = "viewer";

    public static readonly IReadOnlyList<string> All = [Admin, Manager, Viewer];

    public static bool IsValid(string? role) => role is Admin or Manager or Viewer;
}
