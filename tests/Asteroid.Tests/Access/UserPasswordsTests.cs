using Asteroid.Web.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Asteroid.Tests.Access;

public sealed class UserPasswordsTests
{
    [Fact]
    public void A_current_hash_verifies_and_a_wrong_password_fails()
    {
        var passwords = new UserPasswords();
        var hash = passwords.Hash("correct horse");
        Assert.Equal(PasswordVerificationResult.Success, passwords.Verify(hash, "correct horse"));
        Assert.Equal(PasswordVerificationResult.Failed, passwords.Verify(hash, "wrong"));
    }

    [Fact]
    public void An_older_identity_format_asks_for_a_rehash()
    {
        var v2 = new PasswordHasher<object>(Options.Create(new PasswordHasherOptions { CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV2 }))
            .HashPassword(new object(), "correct horse");
        Assert.Equal(PasswordVerificationResult.SuccessRehashNeeded, new UserPasswords().Verify(v2, "correct horse"));
    }

    [Fact]
    public void A_malformed_hash_fails_instead_of_throwing()
    {
        Assert.Equal(PasswordVerificationResult.Failed, new UserPasswords().Verify("not base64!", "x"));
        Assert.Equal(PasswordVerificationResult.Failed, new UserPasswords().Verify(PasswordHash.Create("x"), "x"));
    }
}
