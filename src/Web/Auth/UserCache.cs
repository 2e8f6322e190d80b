using Asteroid.Access;

namespace Asteroid.Web.Auth;

/// <summary>The managed users, cached on this node for a few seconds: sign-in and every cookie
/// request read them from memory; a change made on this node refreshes at once.</summary>
public sealed class UserCache(IGrainFactory grains, TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    private volatile Snapshot? _current;

    /// <summary>The user of exactly this name (sign-in compares names as written), or null.</summary>
    public async ValueTask<UserAccount?> FindAsync(string name)
    {
        var current = _current;
        if (current is null || time.GetUtcNow() - current.LoadedAt > Lifetime)
        {
            var list = await grains.GetGrain<IUserDirectoryGrain>(IUserDirectoryGrain.Key).List();
            current = new Snapshot(list.Users.ToDictionary(u => u.Name, StringComparer.Ordinal), time.GetUtcNow());
            _current = current;
        }

        return current.ByName.GetValueOrDefault(name);
    }

    public void Invalidate() => _current = null;

    private sealed record class Snapshot(Dictionary<string, UserAccount> ByName, DateTimeOffset LoadedAt);
}
