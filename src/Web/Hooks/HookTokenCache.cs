using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Asteroid.Servers;

namespace Asteroid.Web.Hooks;

/// <summary>Hook tokens per server, cached on this web node for 30 s so a hook call is answered from
/// memory (Icecast's auth thread per mount waits on us). Unknown servers are cached too, briefly.</summary>
public sealed class HookTokenCache(IGrainFactory grains, TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (string? Token, DateTimeOffset FetchedAt)> _tokens = new(StringComparer.Ordinal);

    public enum Check { Valid, UnknownServer, BadToken }

    public async ValueTask<Check> CheckAsync(string serverId, string? presented)
    {
        var now = time.GetUtcNow();
        if (!_tokens.TryGetValue(serverId, out var entry) || now - entry.FetchedAt > Lifetime || (entry.Token is not null && !Matches(entry.Token, presented)))
        {
            // Refresh on expiry, and on a mismatch in case the token was just rotated or the server just created.
            entry = (await grains.GetGrain<IIcecastServerGrain>(serverId).GetHookToken(), now);
            _tokens[serverId] = entry;
        }

        return entry.Token is null ? Check.UnknownServer : Matches(entry.Token, presented) ? Check.Valid : Check.BadToken;
    }

    public void Forget(string serverId) => _tokens.TryRemove(serverId, out _);

    private static bool Matches(string token, string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(presented));
}
