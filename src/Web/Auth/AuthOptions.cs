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

    /// <summary>Failed sign-ins allowed for one user name from one client address within <see cref="LockoutMinutes"/>.</summary>
    [Range(1, 1000)]
    public int MaxFailedLogins { get; set; } = 5;

    /// <summary>Failed sign-ins allowed from one client address (any user names) within <see cref="LockoutMinutes"/>.</summary>
    [Range(1, 10_000)]
    public int MaxFailedLoginsPerAddress { get; set; } = 20;

    [Range(1, 24 * 60)]
    public int LockoutMinutes { get; set; } = 5;

    /// <summary>Most failed-sign-in counters kept in memory (each address, each address and user).</summary>
    [Range(10, 10_000_000)]
    public int ThrottleEntries { get; set; } = 100_000;

    /// <summary>Longest user name accepted at sign-in; longer ones are refused with 400 before any work.</summary>
    public const int MaxUserNameLength = 128;

    /// <summary>Longest password accepted at sign-in (PBKDF2 over megabytes is work an attacker chooses).</summary>
    public const int MaxPasswordLength = 1024;
}

public sealed class AdminUser
{
    public string User { get; set; } = "";

    public string PasswordHash { get; set; } = "";
}
