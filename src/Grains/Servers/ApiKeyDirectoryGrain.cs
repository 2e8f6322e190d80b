using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Asteroid.Servers;

[GenerateSerializer, Alias("asteroid.api-key-state")]
public sealed class ApiKeyDirectoryState
{
    [Id(0)] public long Version { get; set; }

    [Id(1)] public List<ApiKeyInfo> Keys { get; set; } = [];
}

[GrainType("api-keys")]
public sealed class ApiKeyDirectoryGrain(
    [PersistentState("api-keys", StorageNames.Default)] IPersistentState<ApiKeyDirectoryState> state, TimeProvider time)
    : Grain, IApiKeyDirectoryGrain
{
    public Task<CreatedApiKey> Create(string name) => CreateAsync(name, null, null, null);

    public Task<CreatedApiKey> Create(string name, string role, IReadOnlyList<string> stations, IReadOnlyList<string> groups) =>
        CreateAsync(name, role, stations, groups);

    public async Task<ApiKeyInfo?> Update(string id, string role, IReadOnlyList<string> stations, IReadOnlyList<string> groups)
    {
        var index = state.State.Keys.FindIndex(k => k.Id == id);
        if (index < 0)
        {
            return null;
        }

        var previous = state.State.Keys[index];
        state.State.Keys[index] = previous with { Role = role, Stations = [.. stations], Groups = [.. groups] };
        state.State.Version++;
        await state.WriteStateAsync();
        return previous;
    }

    private async Task<CreatedApiKey> CreateAsync(string name, string? role, IReadOnlyList<string>? stations, IReadOnlyList<string>? groups)
    {
        var key = "ast_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));
        var info = new ApiKeyInfo(Guid.NewGuid().ToString("N")[..12], name, time.GetUtcNow(), IApiKeyDirectoryGrain.HashOf(key),
            role, stations is null ? null : [.. stations], groups is null ? null : [.. groups]);
        state.State.Keys.Add(info);
        state.State.Version++;
        await state.WriteStateAsync();
        return new CreatedApiKey(info, key);
    }

    public async Task<bool> Revoke(string id)
    {
        if (state.State.Keys.RemoveAll(k => k.Id == id) == 0)
        {
            return false;
        }

        state.State.Version++;
        await state.WriteStateAsync();
        return true;
    }

    public Task<ApiKeyList> List() => Task.FromResult(new ApiKeyList(state.State.Version, [.. state.State.Keys]));
}
