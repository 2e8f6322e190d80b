namespace Asteroid.Servers;

/// <summary>API keys created on the dashboard (key "default"). Only SHA-256 hashes are kept: a key
/// is shown once, when it is created. Keys from configuration (<c>Auth:ApiKeys</c>) are separate.</summary>
[Alias("asteroid.api-keys")]
public interface IApiKeyDirectoryGrain : IGrainWithStringKey
{
    public const string Key = "default";

    /// <summary>A key without role or grants: an admin key (what keys were before roles; kept for old callers).</summary>
    [Alias("create")]
    Task<CreatedApiKey> Create(string name);

    /// <summary>A key with a role and the stations and groups it may read.</summary>
    [Alias("create-granted")]
    Task<CreatedApiKey> Create(string name, string role, IReadOnlyList<string> stations, IReadOnlyList<string> groups);

    /// <summary>Changes a key's role and grants; returns the key before the change, or null if unknown.</summary>
    [Alias("update")]
    Task<ApiKeyInfo?> Update(string id, string role, IReadOnlyList<string> stations, IReadOnlyList<string> groups);

    [Alias("revoke")]
    Task<bool> Revoke(string id);

    [AlwaysInterleave, Alias("list")]
    Task<ApiKeyList> List();

    /// <summary>How a key is stored and compared: the lowercase hex SHA-256 of its UTF-8 text.</summary>
    public static string HashOf(string key) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
}

/// <summary>A created key. <see cref="Role"/> is null for keys created before roles existed: they are admin keys.</summary>
[GenerateSerializer, Immutable, Alias("asteroid.api-key-info")]
public sealed record class ApiKeyInfo(
    [property: Id(0)] string Id, [property: Id(1)] string Name, [property: Id(2)] DateTimeOffset CreatedAt, [property: Id(3)] string Hash,
    [property: Id(4)] string? Role = null, [property: Id(5)] IReadOnlyList<string>? Stations = null, [property: Id(6)] IReadOnlyList<string>? Groups = null)
{
    /// <summary>The role this key acts with: its own, or admin for a key from before roles.</summary>
    public string EffectiveRole => Role ?? "admin";
}

[GenerateSerializer, Immutable, Alias("asteroid.api-key-list")]
public sealed record class ApiKeyList([property: Id(0)] long Version, [property: Id(1)] IReadOnlyList<ApiKeyInfo> Keys);

[GenerateSerializer, Immutable, Alias("asteroid.created-api-key")]
public sealed record class CreatedApiKey([property: Id(0)] ApiKeyInfo Info, [property: Id(1)] string Key);
