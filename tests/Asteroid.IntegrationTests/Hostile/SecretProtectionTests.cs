using Asteroid.Silo.Security;
using Microsoft.AspNetCore.DataProtection;

namespace Asteroid.IntegrationTests.Hostile;

/// <summary>Icecast admin passwords in grain state: protected values round-trip, and a value
/// stored in clear by an older version still reads (it is protected on the grain's next write).</summary>
public sealed class SecretProtectionTests
{
    private readonly DataProtectionSecretProtector _protector = new(new EphemeralDataProtectionProvider());

    [Fact]
    public void A_protected_password_reads_back_and_does_not_contain_the_password()
    {
        var stored = _protector.Protect("hackme-icecast");

        Assert.True(_protector.IsProtected(stored));
        Assert.DoesNotContain("hackme-icecast", stored, StringComparison.Ordinal);
        Assert.Equal("hackme-icecast", _protector.Unprotect(stored));
    }

    [Fact]
    public void A_password_stored_in_clear_before_protection_still_reads()
    {
        Assert.False(_protector.IsProtected("old-plaintext"));
        Assert.Equal("old-plaintext", _protector.Unprotect("old-plaintext"));
    }

    [Fact]
    public void A_value_protected_with_another_key_ring_is_refused_not_misread()
    {
        var other = new DataProtectionSecretProtector(new EphemeralDataProtectionProvider()).Protect("x");

        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => _protector.Unprotect(other));
    }
}
