namespace Asteroid.Access;

/// <summary>Dashboard users managed at run time (key "default"); the first admin comes from
/// configuration (<c>Auth:Admins</c>) and is not kept here. Passwords are kept only as
/// ASP.NET Core Identity hashes, made and checked by the web front.</summary>
[Alias("asteroid.users")]
public interface IUserDirectoryGrain : IGrainWithStringKey
{
    public const string Key = "default";

    /// <summary>Creates or replaces a user (a null <see cref="UserAccount.PasswordHash"/> keeps the
    /// stored one); returns the previous account, or null for a new one.</summary>
    [Alias("put")]
    Task<UserAccount?> Put(UserAccount user);

    /// <summary>Removes a user; returns the removed account, or null if there was none.</summary>
    [Alias("remove")]
    Task<UserAccount?> Remove(string name);

    /// <summary>Replaces a user's hash if it is still <paramref name="expected"/> (a rehash after sign-in).</summary>
    [Alias("rehash")]
    Task<bool> ReplaceHash(string name, string expected, string replacement);

    [AlwaysInterleave, Alias("list")]
    Task<UserList> List();
}

[GenerateSerializer, Immutable, Alias("asteroid.user")]
public sealed record class UserAccount(
    [property: Id(0)] string Name,
    [property: Id(1)] string Role,
    [property: Id(2)] IReadOnlyList<string> Stations,
    [property: Id(3)] IReadOnlyList<string> Groups,
    [property: Id(4)] string? PasswordHash,
    [property: Id(5)] DateTimeOffset UpdatedAt);

[GenerateSerializer, Immutable, Alias("asteroid.user-list")]
public sealed record class UserList([property: Id(0)] long Version, [property: Id(1)] IReadOnlyList<UserAccount> Users);
