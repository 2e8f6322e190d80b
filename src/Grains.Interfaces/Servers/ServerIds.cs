using System.Text.RegularExpressions;

namespace Asteroid.Icecast;

/// <summary>Server ids appear in URLs and grain keys: short, lowercase, no '/'.</summary>
public static partial class ServerIds
{
    public const string Pattern = @"^[a-z0-9][a-z0-9_.-]{0,63}\z"; // \z: "$" would also match before a final newline ("x\n")
    public const string Rule = "an id is 1-64 characters: lowercase letters, digits, '-', '_' or '.', starting with a letter or digit";

    public static bool IsValid(string? id) => id is not null && IdRegex().IsMatch(id);

    [GeneratedRegex(Pattern)]
    private static partial Regex IdRegex();
}
