using Microsoft.AspNetCore.Identity;

namespace Asteroid.Web.Auth;

/// <summary>Passwords of managed users: ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>
/// (its current format; a hash in an older format or with fewer iterations verifies as
/// <see cref="PasswordVerificationResult.SuccessRehashNeeded"/> and is replaced at sign-in).
/// Admins from configuration keep the <see cref="PasswordHash"/> format.</summary>
public sealed class UserPasswords
{
    private readonly PasswordHasher<UserPasswords> _hasher = new();
    private readonly string _dummyHash;

    public UserPasswords() => _dummyHash = _hasher.HashPassword(this, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18)));

    public string Hash(string password) => _hasher.HashPassword(this, password);

    public PasswordVerificationResult Verify(string hash, string password)
    {
        try
        {
            return _hasher.VerifyHashedPassword(this, hash, password);
        }
        catch (FormatException)
        {
            return PasswordVerificationResult.Failed;
        }
    }

    /// <summary>The work of one verification, for a name that is not a managed user.</summary>
    public void DummyVerify(string password) => _ = _hasher.VerifyHashedPassword(this, _dummyHash, password);
}
