namespace Asteroid.Servers;

/// <summary>Protects secrets before they are written to grain storage (the host provides it: ASP.NET
/// Core Data Protection in src/Silo). <see cref="Unprotect"/> accepts values stored before
/// protection existed and returns them unchanged.</summary>
public interface ISecretProtector
{
    string Protect(string plaintext);

    string Unprotect(string stored);

    bool IsProtected(string stored);
}
