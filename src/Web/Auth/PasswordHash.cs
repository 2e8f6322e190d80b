using System.Security.Cryptography;

namespace Asteroid.Web.Auth;

/// <summary>Admin password hashes: <c>pbkdf2-sha256$iterations$salt$hash</c> (base64), as written by
/// <c>Asteroid.Web hash-password</c> (./run.sh uses it). Verification is constant time.</summary>
public static class PasswordHash
{
    private const string Prefix = "pbkdf2-sha256";
    private const int Iterations = 210_000;

    public static string Create(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, 32);
        return $"{Prefix}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool IsWellFormed(string? stored) => stored?.Split('$') is [Prefix, var n, var salt, var hash]
        && int.TryParse(n, out var iterations) && iterations >= 10_000 && salt.Length > 0 && hash.Length > 0;

    public static bool Verify(string password, string stored)
    {
        if (!IsWellFormed(stored))
        {
            return false;
        }

        var parts = stored.Split('$');
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, Convert.FromBase64String(parts[2]), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture),
            HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
