using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Asteroid.Web.Auth;

/// <summary>Counts failed sign-ins per client address and per (address, user name), each in a fixed
/// window of <see cref="AuthOptions.LockoutMinutes"/>. Past <see cref="AuthOptions.MaxFailedLogins"/>
/// for one user from one address, or <see cref="AuthOptions.MaxFailedLoginsPerAddress"/> from one
/// address, that address waits for the window to pass. A user is never locked as such: the right
/// password from an address that has not failed is always accepted, so nobody can lock the admin out.
/// User names are kept as given (compared ordinally, as sign-in compares them), so failures for
/// <c>ADMIN</c> do not count against <c>admin</c>.
/// <para>Memory is bounded: at most <see cref="AuthOptions.ThrottleEntries"/> counters; expired ones
/// are swept when the map is full, then those that lock nothing; names are limited in length by the
/// caller (<see cref="AuthOptions.MaxUserNameLength"/>). The partition key (address, user) is where a
/// role-aware policy would plug in later.</para></summary>
public sealed class LoginThrottle(IOptionsMonitor<AuthOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Counter> _failures = new(StringComparer.Ordinal);
    private readonly Lock _sweep = new();

    /// <summary>Counters held now (for tests and diagnostics).</summary>
    public int Count => _failures.Count;

    /// <summary>When the next attempt is allowed, or null if it is now.</summary>
    public TimeSpan? RetryAfter(string client, string user)
    {
        var o = options.CurrentValue;
        var a = Wait(AddressKey(client), o.MaxFailedLoginsPerAddress);
        var u = Wait(PairKey(client, user), o.MaxFailedLogins);
        return a is null ? u : u is null ? a : a > u ? a : u;
    }

    public void Failed(string client, string user)
    {
        Add(AddressKey(client));
        Add(PairKey(client, user));
    }

    /// <summary>The right password: this address's failures for this user are forgotten.</summary>
    public void Succeeded(string client, string user) => _failures.TryRemove(PairKey(client, user), out _);

    private static string AddressKey(string client) => "a\n" + client;

    private static string PairKey(string client, string user) => "u\n" + client + "\n" + user;

    private TimeSpan Window => TimeSpan.FromMinutes(options.CurrentValue.LockoutMinutes);

    private void Add(string key)
    {
        var now = time.GetUtcNow();
        if (!_failures.TryGetValue(key, out var counter))
        {
            if (_failures.Count >= options.CurrentValue.ThrottleEntries)
            {
                Sweep(now);
                if (_failures.Count >= options.CurrentValue.ThrottleEntries)
                {
                    return; // every counter held locks someone out; the per-address rate limiter still applies
                }
            }

            counter = _failures.GetOrAdd(key, _ => new Counter(now));
        }

        counter.Add(now, Window);
    }

    private TimeSpan? Wait(string key, int limit)
    {
        if (!_failures.TryGetValue(key, out var counter))
        {
            return null;
        }

        var now = time.GetUtcNow();
        var (count, start) = counter.Read();
        var end = start + Window;
        if (now >= end)
        {
            _failures.TryRemove(new KeyValuePair<string, Counter>(key, counter));
            return null;
        }

        return count >= limit ? end - now : null;
    }

    private void Sweep(DateTimeOffset now)
    {
        lock (_sweep)
        {
            var window = Window;
            foreach (var (key, counter) in _failures)
            {
                if (now >= counter.Read().Start + window)
                {
                    _failures.TryRemove(key, out _);
                }
            }

            if (_failures.Count < options.CurrentValue.ThrottleEntries)
            {
                return;
            }

            // Still full: drop the counters that lock nothing yet (a flood of one-off names).
            var limit = Math.Min(options.CurrentValue.MaxFailedLogins, options.CurrentValue.MaxFailedLoginsPerAddress);
            foreach (var (key, counter) in _failures)
            {
                if (counter.Read().Count < limit)
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }
    }

    private sealed class Counter(DateTimeOffset start)
    {
        private readonly Lock _lock = new();
        private DateTimeOffset _start = start;
        private int _count;

        public void Add(DateTimeOffset now, TimeSpan window)
        {
            lock (_lock)
            {
                if (now >= _start + window)
                {
                    _start = now;
                    _count = 0;
                }

                _count++;
            }
        }

        public (int Count, DateTimeOffset Start) Read()
        {
            lock (_lock)
            {
                return (_count, _start);
            }
        }
    }
}
