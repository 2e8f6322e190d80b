using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Asteroid.Web.Auth;

/// <summary>Counts failed sign-ins per client address and per user name; past the limit, further
/// attempts are refused until the window has passed (guessing passwords becomes impractical).</summary>
public sealed class LoginThrottle(IOptionsMonitor<AuthOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    /// <summary>When the next attempt is allowed, or null if it is now.</summary>
    public TimeSpan? RetryAfter(string client, string user) =>
        new[] { Wait("ip:" + client), Wait("user:" + user.ToLowerInvariant()) }.Max();

    public void Failed(string client, string user)
    {
        foreach (var key in new[] { "ip:" + client, "user:" + user.ToLowerInvariant() })
        {
            var queue = _failures.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
            lock (queue)
            {
                queue.Enqueue(time.GetUtcNow());
            }
        }
    }

    public void Succeeded(string user) => _failures.TryRemove("user:" + user.ToLowerInvariant(), out _);

    private TimeSpan? Wait(string key)
    {
        if (!_failures.TryGetValue(key, out var queue))
        {
            return null;
        }

        var window = TimeSpan.FromMinutes(options.CurrentValue.LockoutMinutes);
        var now = time.GetUtcNow();
        lock (queue)
        {
            while (queue.Count > 0 && now - queue.Peek() > window)
            {
                queue.Dequeue();
            }

            return queue.Count >= options.CurrentValue.MaxFailedLogins ? queue.Peek() + window - now : null;
        }
    }
}
