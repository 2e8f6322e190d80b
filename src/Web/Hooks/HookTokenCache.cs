using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Asteroid.Servers;

namespace Asteroid.Web.Hooks;

/// <summary>Hook tokens per server, cached on this web node for 30 s so a hook call is answered from
/// memory (Icecast's auth thread per mount waits on us). A server id is first checked against the
/// list of configured servers (one directory read, refreshed every 30 s and at most once a second on
/// a miss): an unknown id is refused without activating a grain or reading PostgreSQL, and the cache
/// only ever holds configured servers, so random ids cost nothing that stays.</summary>
public sealed class HookTokenCache(IGrainFactory grains, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MissRefresh = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, (string? Token, DateTimeOffset FetchedAt)> _tokens = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile KnownServers? _known;

    public enum Check { Valid, UnknownServer, BadToken }

    /// <summary>Token entries held now (never more than the configured servers).</summary>
    public int Count => _tokens.Count;

    public async ValueTask<Check> CheckAsync(string serverId, string? presented)
    {
        if (!await IsKnownAsync(serverId))
        {
            return Check.UnknownServer;
        }

        var now = time.GetUtcNow();
        if (!_tokens.TryGetValue(serverId, out var entry) || now - entry.FetchedAt > Lifetime
            || (entry.Token is not null && !Matches(entry.Token, presented) && now - entry.FetchedAt > MissRefresh))
        {
            // Refresh on expiry, and (at most once a second) on a mismatch in case the token was just rotated.
            entry = (await grains.GetGrain<IIcecastServerGrain>(serverId).GetHookToken(), now);
            _tokens[serverId] = entry;
        }

        return entry.Token is null ? Check.UnknownServer : Matches(entry.Token, presented) ? Check.Valid : Check.BadToken;
    }

    public void Forget(string serverId)
    {
        _tokens.TryRemove(serverId, out _);
        _known = null;
    }

    private async ValueTask<bool> IsKnownAsync(string serverId)
    {
        var known = _known;
        var now = time.GetUtcNow();
        if (known is not null && now - known.LoadedAt <= Lifetime && (known.Ids.Contains(serverId) || now - known.LoadedAt <= MissRefresh))
        {
            return known.Ids.Contains(serverId);
        }

        await _refresh.WaitAsync();
        try
        {
            known = _known;
            now = time.GetUtcNow();
            if (known is null || now - known.LoadedAt > MissRefresh)
            {
                var ids = await grains.GetGrain<IServerDirectoryGrain>(IServerDirectoryGrain.Key).List();
                known = new KnownServers(ids.ToHashSet(StringComparer.Ordinal), now);
                _known = known;
                foreach (var id in _tokens.Keys.Where(id => !known.Ids.Contains(id)))
                {
                    _tokens.TryRemove(id, out _);
                }
            }
        }
        finally
        {
            _refresh.Release();
        }

        return known.Ids.Contains(serverId);
    }

    public void Dispose() => _refresh.Dispose();

    private static bool Matches(string token, string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(presented));

    private sealed record class KnownServers(HashSet<string> Ids, DateTimeOffset LoadedAt);
}
