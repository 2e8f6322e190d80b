using System.ComponentModel.DataAnnotations;

namespace Asteroid.Web.Auth;

/// <summary>Configuration section <c>Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Keys accepted in the <c>X-Api-Key</c> header (<c>Auth__ApiKeys__0=…</c>).</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>Dashboard users: <c>Auth:Admins:0:User</c> and <c>Auth:Admins:0:PasswordHash</c>
    /// (from <c>Asteroid.Web hash-password</c>; ./run.sh generates one).</summary>
    public List<AdminUser> Admins { get; set; } = [];

    /// <summary>Failed sign-ins allowed per client address or user name within <see cref="LockoutMinutes"/>.</summary>
    public int MaxFailedLogins { get; set; } = 5;

    public int LockoutMinutes { get; set; } = 5;
}

public sealed class AdminUser
{
    public string User { get; set; } = "";

    public string PasswordHash { get; set; } = "";
}
