using Asteroid.Servers;
using Microsoft.AspNetCore.DataProtection;

namespace Asteroid.Silo.Security;

/// <summary>Protects secrets kept in grain state (Icecast admin passwords) with ASP.NET Core Data
/// Protection. Stored values carry the prefix <c>dp1:</c>; a value without it is an older plaintext
/// one and is returned as is (it is protected on the grain's next write).</summary>
public sealed class DataProtectionSecretProtector(IDataProtectionProvider provider) : ISecretProtector
{
    private const string Prefix = "dp1:";
    private readonly IDataProtector _protector = provider.CreateProtector("Asteroid.Servers.IcecastAdminPassword");

    public string Protect(string plaintext) => Prefix + _protector.Protect(plaintext);

    public string Unprotect(string stored) =>
        stored.StartsWith(Prefix, StringComparison.Ordinal) ? _protector.Unprotect(stored[Prefix.Length..]) : stored;

    public bool IsProtected(string stored) => stored.StartsWith(Prefix, StringComparison.Ordinal);
}
