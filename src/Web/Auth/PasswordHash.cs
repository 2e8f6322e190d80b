using System.Globalization;
using System.Security.Cryptography;

namespace Asteroid.Web.Auth;

/// <summary>Admin password hashes: <c>pbkdf2-sha256$iterations$salt$hash</c> (base64), as written by
/// <c>Asteroid.Web hash-password</c> (./run.sh uses it). New hashes use 600,000 iterations (OWASP's
/// current guidance for PBKDF2-HMAC-SHA256); hashes with fewer still verify and are reported as
/// needing a rehash. Verification is constant time.</summary>
public static class PasswordHash
{
    private const string Prefix = "pbkdf2-sha256";

    /// <summary>Iterations of new hashes.</summary>
    public const int Iterations = 600_000;

    private static readonly byte[] DummySalt = RandomNumberGenerator.GetBytes(16);

    public static string Create(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, 32);
        return $"{Prefix}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool IsWellFormed(string? stored) => stored?.Split('$') is [Prefix, var n, var salt, var hash]
        && int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) && iterations is >= 10_000 and <= 10_000_000
        && IsBase64(salt) && IsBase64(hash);

    /// <summary>The iterations a well-formed hash was made with, or <see cref="Iterations"/>.</summary>
    public static int IterationsOf(string? stored) =>
        IsWellFormed(stored) ? int.Parse(stored!.Split('$')[1], CultureInfo.InvariantCulture) : Iterations;

    public static bool Verify(string password, string stored) => Check(password, stored) != Result.Failed;

    /// <summary>Verifies, and tells whether a successful hash is weaker than new ones are.</summary>
    public static Result Check(string password, string stored)
    {
        if (!IsWellFormed(stored))
        {
            return Result.Failed;
        }

        var parts = stored.Split('$');
        var iterations = int.Parse(parts[1], CultureInfo.InvariantCulture);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, Convert.FromBase64String(parts[2]), iterations, HashAlgorithmName.SHA256, expected.Length);
        if (!CryptographicOperations.FixedTimeEquals(actual, expected))
        {
            return Result.Failed;
        }

        return iterations < Iterations ? Result.SuccessRehashNeeded : Result.Success;
    }

    /// <summary>The same work as verifying against a hash of <paramref name="iterations"/>, for an
    /// unknown user: answering them faster would tell which names exist.</summary>
    public static void DummyVerify(string password, int iterations) =>
        _ = Rfc2898DeriveBytes.Pbkdf2(password, DummySalt, iterations, HashAlgorithmName.SHA256, 32);

    private static bool IsBase64(string text)
    {
        Span<byte> buffer = stackalloc byte[64];
        return text.Length is > 0 and <= 88 && Convert.TryFromBase64String(text, buffer, out _);
    }

    public enum Result { Failed, Success, SuccessRehashNeeded }
}
