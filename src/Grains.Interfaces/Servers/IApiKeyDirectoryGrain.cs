namespace Asteroid.Servers;

/// <summary>API keys created on the dashboard (key "default"). Only SHA-256 hashes are kept: a key
/// is shown once, when it is created. Keys from configuration (<c>Auth:ApiKeys</c>) are separate.</summary>
[Alias("asteroid.api-keys")]
public interface IApiKeyDirectoryGrain : IGrainWithStringKey
{
    public const string Key = "default";

    [Alias("create")]
    Task<CreatedApiKey> Create(string name);

    [Alias("revoke")]
    Task<bool> Revoke(string id);

    [AlwaysInterleave, Alias("list")]
    Task<ApiKeyList> List();

    /// <summary>How a key is stored and compared: the lowercase hex SHA-256 of its UTF-8 text.</summary>
    public static string HashOf(string key) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
}

[GenerateSerializer, Immutable, Alias("asteroid.api-key-info")]
public sealed record class ApiKeyInfo(
    [property: Id(0)] string Id, [property: Id(1)] string Name, [property: Id(2)] DateTimeOffset CreatedAt, [property: Id(3)] string Hash);

[GenerateSerializer, Immutable, Alias("asteroid.api-key-list")]
public sealed record class ApiKeyList([property: Id(0)] long Version, [property: Id(1)] IReadOnlyList<ApiKeyInfo> Keys);

[GenerateSerializer, Immutable, Alias("asteroid.created-api-key")]
public sealed record class CreatedApiKey([property: Id(0)] ApiKeyInfo Info, [property: Id(1)] string Key);
