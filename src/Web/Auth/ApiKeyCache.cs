using Asteroid.Servers;

namespace Asteroid.Web.Auth;

/// <summary>The dashboard-created API keys by hash, cached on this node for a few seconds so a
/// request is authenticated from memory; refreshed at once after a change made on this node.</summary>
public sealed class ApiKeyCache(IGrainFactory grains, TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    private volatile Snapshot? _current;

    public async ValueTask<bool> ContainsAsync(string key) => await FindAsync(key) is not null;

    /// <summary>The created key whose secret this is, or null.</summary>
    public async ValueTask<ApiKeyInfo?> FindAsync(string key)
    {
        var current = _current;
        if (current is null || time.GetUtcNow() - current.LoadedAt > Lifetime)
        {
            var list = await grains.GetGrain<IApiKeyDirectoryGrain>(IApiKeyDirectoryGrain.Key).List();
            current = new Snapshot(list.Keys.ToDictionary(k => k.Hash, StringComparer.Ordinal), time.GetUtcNow());
            _current = current;
        }

        return current.ByHash.GetValueOrDefault(IApiKeyDirectoryGrain.HashOf(key));
    }

    private sealed record class Snapshot(Dictionary<string, ApiKeyInfo> ByHash, DateTimeOffset LoadedAt);

    public void Invalidate() => _current = null;
}
