using Asteroid.Servers;

namespace Asteroid.Web.Auth;

/// <summary>Hashes of the dashboard-created API keys, cached on this node for a few seconds so a
/// request is authenticated from memory; refreshed at once after a change made on this node.</summary>
public sealed class ApiKeyCache(IGrainFactory grains, TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    private volatile Snapshot? _current;

    public async ValueTask<bool> ContainsAsync(string key)
    {
        var current = _current;
        if (current is null || time.GetUtcNow() - current.LoadedAt > Lifetime)
        {
            var list = await grains.GetGrain<IApiKeyDirectoryGrain>(IApiKeyDirectoryGrain.Key).List();
            current = new Snapshot(list.Keys.Select(k => k.Hash).ToHashSet(StringComparer.Ordinal), time.GetUtcNow());
            _current = current;
        }

        return current.Hashes.Contains(IApiKeyDirectoryGrain.HashOf(key));
    }

    private sealed record class Snapshot(HashSet<string> Hashes, DateTimeOffset LoadedAt);

    public void Invalidate() => _current = null;
}
