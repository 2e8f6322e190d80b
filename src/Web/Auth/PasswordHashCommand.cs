namespace Asteroid.Web.Auth;

/// <summary><c>Asteroid.Web hash-password</c>: reads a password from standard input and prints the
/// hash for <c>Auth:Admins:N:PasswordHash</c>.</summary>
public static class PasswordHashCommand
{
    public static bool TryRun(string[] args)
    {
        if (args is not ["hash-password"])
        {
            return false;
        }

        var password = Console.In.ReadLine();
        if (string.IsNullOrEmpty(password))
        {
            Console.Error.WriteLine("usage: echo PASSWORD | Asteroid.Web hash-password");
            Environment.ExitCode = 2;
            return true;
        }

        Console.WriteLine(PasswordHash.Create(password));
        return true;
    }
}
