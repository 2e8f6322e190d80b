using System.Globalization;

namespace Asteroid.Bench.Simulator;

/// <summary>A simulated Icecast server for scale that one machine's real Icecast cannot reach:
/// <paramref name="mounts"/> mounts of about <paramref name="listenersPerMount"/> listeners, each
/// listener leaving with probability <paramref name="churnPerSecond"/> per second and replaced by a
/// new connection (new client ID). Deterministic for a seed and a sequence of observation times.
/// Addresses come from the documentation ranges (RFC 5737/3849): data only, never on an interface.</summary>
public sealed class IcecastModel(int mounts, int listenersPerMount, double churnPerSecond, int seed, DateTimeOffset serverStart)
{
    private static readonly string[] Agents =
    [
        "VLC/3.0.18 LibVLC/3.0.18", "Winamp/5.9", "iTunes/12.12 (Windows; Microsoft Windows 10 x64) AppleWebKit/7613.2007.1014.14 (dt:2)",
        "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0",
        "AppleCoreMedia/1.0.0.21E230 (iPhone; U; CPU OS 17_4 like Mac OS X; en_us)", "Sonos/79.1-56030 (ZPS23)",
    ];

    private readonly Random _random = new(seed);
    private readonly object _gate = new();
    private readonly List<Listener>[] _mounts = Enumerable.Range(0, mounts).Select(_ => new List<Listener>()).ToArray();
    private readonly DateTimeOffset[] _advancedTo = Enumerable.Repeat(DateTimeOffset.MinValue, mounts).ToArray();
    private readonly HashSet<long> _served = [];
    private double _churn = churnPerSecond;
    private bool _drained;
    private long _nextId = 1;

    public DateTimeOffset ServerStart => serverStart;

    public int MountCount => mounts;

    public long ConnectionsSoFar => Interlocked.Read(ref _nextId) - 1;

    public static string MountName(int index) => $"/m{index:D4}.mp3";

    /// <summary>Probability per second that a listener leaves (and is replaced); settable while serving.</summary>
    public double ChurnPerSecond
    {
        get { lock (_gate) { return _churn; } }
        set { lock (_gate) { _churn = value; } }
    }

    /// <summary>Distinct connections that appeared in at least one listclients answer: the sessions a
    /// poller can know of (a connection that came and went between two polls was never visible).</summary>
    public int ServedConnections
    {
        get { lock (_gate) { return _served.Count; } }
    }

    /// <summary>Every listener leaves at the next look and nobody replaces them (the mounts stay up).</summary>
    public void Drain()
    {
        lock (_gate)
        {
            _drained = true;
        }
    }

    /// <summary>The listeners of a mount at <paramref name="now"/> (churn applied since the last look).</summary>
    public IReadOnlyList<Listener> ListenersAt(int mount, DateTimeOffset now)
    {
        lock (_gate)
        {
            var list = Advance(mount, now);
            foreach (var listener in list)
            {
                _served.Add(listener.Id);
            }

            return [.. list];
        }
    }

    /// <summary>How many listeners a mount has (as listmounts and stats say). Churn replaces
    /// listeners one for one, so the count does not depend on the time; unlike
    /// <see cref="ListenersAt"/> this neither advances churn nor makes connections visible.</summary>
    public int ListenerCount(int mount)
    {
        lock (_gate)
        {
            return _drained ? 0 : _advancedTo[mount] == DateTimeOffset.MinValue ? listenersPerMount : _mounts[mount].Count;
        }
    }

    private List<Listener> Advance(int mount, DateTimeOffset now)
    {
        var list = _mounts[mount];
        if (_drained)
        {
            list.Clear();
        }
        else if (_advancedTo[mount] == DateTimeOffset.MinValue)
        {
            for (var i = 0; i < listenersPerMount; i++)
            {
                list.Add(New(now.AddSeconds(-_random.Next(0, 3600))));
            }
        }
        else if (now > _advancedTo[mount])
        {
            var leave = 1 - Math.Pow(1 - _churn, (now - _advancedTo[mount]).TotalSeconds);
            for (var i = 0; i < list.Count; i++)
            {
                if (_random.NextDouble() < leave)
                {
                    list[i] = New(now.AddSeconds(-_random.Next(0, (int)Math.Max(1, (now - _advancedTo[mount]).TotalSeconds))));
                }
            }
        }

        _advancedTo[mount] = now > _advancedTo[mount] ? now : _advancedTo[mount];
        return list;
    }

    private Listener New(DateTimeOffset connectedAt)
    {
        var id = _nextId++;
        var ip = _random.Next(3) switch
        {
            0 => $"203.0.113.{_random.Next(1, 255)}",
            1 => $"198.51.100.{_random.Next(1, 255)}",
            _ => $"2001:db8:{_random.Next(0, 65535):x}::{_random.Next(1, 65535):x}",
        };
        return new Listener(id, ip, Agents[_random.Next(Agents.Length)], connectedAt);
    }

    public sealed record class Listener(long Id, string Ip, string UserAgent, DateTimeOffset ConnectedAt)
    {
        public long ConnectedSeconds(DateTimeOffset now) => Math.Max(0, (long)(now - ConnectedAt).TotalSeconds);
    }

    internal static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);
}
