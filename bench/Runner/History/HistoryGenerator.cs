using System.Security.Cryptography;
using System.Text;
using Asteroid.Sessions;

namespace Asteroid.Bench.History;

/// <summary>A deterministic year of finished sessions for <see cref="BenchNetwork"/>: a daily shape
/// (weekends lower, a seasonal wave, slow growth), an hourly shape in each station's local time
/// (night trough, morning and evening peaks), Zipf-like station, mount and listener shares (heavy
/// listeners come back often, most listeners rarely), 3 % bots, 17 % sessions under a minute and
/// log-normal listening times (median 20 min). Each listener has a fixed place and player.
/// Day <c>d</c> depends only on the seed and <c>d</c>.</summary>
public sealed class HistoryGenerator
{
    private static readonly double[] LocalHourWeights =
    [
        0.30, 0.20, 0.15, 0.12, 0.12, 0.20, 0.50, 0.90, 1.00, 0.90, 0.80, 0.80,
        0.85, 0.80, 0.75, 0.80, 0.90, 1.00, 1.00, 0.95, 0.90, 0.80, 0.60, 0.45,
    ];

    private static readonly (string Code, string Name, string Region, string City, double Lat, double Lon, double Weight)[] Places =
    [
        ("US", "United States", "New York", "New York", 40.71, -74.01, 18), ("US", "United States", "California", "Los Angeles", 34.05, -118.24, 10),
        ("GB", "United Kingdom", "England", "London", 51.51, -0.13, 14), ("DE", "Germany", "Berlin", "Berlin", 52.52, 13.40, 12),
        ("SE", "Sweden", "Stockholm", "Stockholm", 59.33, 18.07, 5), ("FR", "France", "Île-de-France", "Paris", 48.86, 2.35, 8),
        ("BR", "Brazil", "São Paulo", "São Paulo", -23.55, -46.63, 7), ("JP", "Japan", "Tokyo", "Tokyo", 35.68, 139.69, 7),
        ("AU", "Australia", "New South Wales", "Sydney", -33.87, 151.21, 5), ("IN", "India", "Maharashtra", "Mumbai", 19.08, 72.88, 6),
        ("CA", "Canada", "Ontario", "Toronto", 43.65, -79.38, 4), ("NL", "Netherlands", "North Holland", "Amsterdam", 52.37, 4.90, 4),
    ];

    private static readonly (string Player, string Os, string Device)[] Players =
    [
        ("VLC", "Windows", "desktop"), ("Chrome", "Android", "mobile"), ("Safari", "iOS", "mobile"), ("Firefox", "Linux", "desktop"),
        ("AppleCoreMedia", "iOS", "mobile"), ("Winamp", "Windows", "desktop"), ("Sonos", "Other", "smart-speaker"),
        ("Alexa", "Other", "smart-speaker"), ("ExoPlayer", "Android", "mobile"), ("iTunes", "Mac OS X", "desktop"),
    ];

    private readonly int _seed;
    private readonly string?[] _keys;
    private readonly double[] _dayWeights;
    private readonly double _dayWeightSum;
    private readonly TimeZoneInfo[] _zones = [.. BenchNetwork.TimeZones.Select(TimeZoneInfo.FindSystemTimeZoneById)];
    private readonly double[] _stationShares = Shares(BenchNetwork.Stations, 0.8);
    private readonly double[] _mountShares = Shares(BenchNetwork.MountsPerStation, 1.2);
    private readonly double[] _placeShares = Normalise(Places.Select(p => p.Weight));

    public HistoryGenerator(int seed, int totalSessions, DateOnly firstDay, int days)
    {
        _seed = seed;
        TotalSessions = totalSessions;
        FirstDay = firstDay;
        Days = days;
        Listeners = Math.Max(1000, totalSessions / 20);
        _keys = new string?[Listeners];
        _dayWeights = [.. Enumerable.Range(0, days).Select(DayWeight)];
        _dayWeightSum = _dayWeights.Sum();
    }

    public int TotalSessions { get; }

    public DateOnly FirstDay { get; }

    public int Days { get; }

    public int Listeners { get; }

    public TimeZoneInfo Zone(int station) => _zones[station];

    /// <summary>The sessions that start on UTC day <paramref name="day"/> (0-based from <see cref="FirstDay"/>).</summary>
    public List<(int Station, FinishedSession Session)> Day(int day)
    {
        var random = new Random(HashCode.Combine(_seed, day));
        var count = (int)Math.Round(TotalSessions * _dayWeights[day] / _dayWeightSum);
        var dayStart = new DateTimeOffset(FirstDay.AddDays(day).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var offsets = _zones.Select(z => z.GetUtcOffset(dayStart.AddHours(12))).ToArray();
        var sessions = new List<(int, FinishedSession)>(count);
        Span<byte> id = stackalloc byte[16];
        while (sessions.Count < count)
        {
            var station = Pick(random, _stationShares);
            var second = random.Next(86_400);
            var localHour = (int)((second + offsets[station].TotalSeconds + 86_400 * 2) / 3600 % 24);
            if (random.NextDouble() > LocalHourWeights[localHour])
            {
                continue; // hourly shape by rejection
            }

            var mount = Pick(random, _mountShares);
            var listener = (int)(Listeners * Math.Pow(random.NextDouble(), 1.7));
            var kind = random.NextDouble();
            var isBot = kind < 0.03;
            var seconds = isBot ? random.Next(5, 300)
                : kind < 0.20 ? random.Next(1, 60)
                : (int)Math.Clamp(Math.Exp(Math.Log(1200) + 1.1 * Gaussian(random)), 60, 36_000);
            var start = dayStart.AddSeconds(second);
            random.NextBytes(id);
            sessions.Add((station, new FinishedSession(new Guid(id), BenchNetwork.ServerId(mount), BenchNetwork.MountPath(station, mount),
                BenchNetwork.StationId(station), start, start.AddSeconds(seconds), 10, Profile(listener, isBot), null, "poll")));
        }

        return sessions;
    }

    private ListenerProfile Profile(int listener, bool isBot)
    {
        var key = _keys[listener] ??= Key(listener);
        var mix = (uint)HashCode.Combine(_seed, listener);
        var place = PickByHash(mix % 10_000 / 10_000.0, _placeShares);
        var unknown = mix % 97 < 4; // about 4 % of listeners have no known location
        var (player, os, device) = isBot ? ("Googlebot", "Other", "bot") : Players[(int)(mix / 7 % (uint)Players.Length)];
        var p = Places[place];
        return unknown
            ? new ListenerProfile(key, null, null, null, null, null, null, player, os, device, isBot)
            : new ListenerProfile(key, p.Code, p.Name, p.Region, p.City, p.Lat, p.Lon, player, os, device, isBot);
    }

    /// <summary>A listener key in the production format (hex of a keyed hash).</summary>
    private string Key(int listener) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes($"bench-{_seed}"), BitConverter.GetBytes(listener))[..16]);

    private double DayWeight(int day)
    {
        var date = FirstDay.AddDays(day);
        var weekend = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.85 : 1.0;
        return weekend * (1 + 0.15 * Math.Sin(2 * Math.PI * day / 365.0)) * (1 + 0.3 * day / Math.Max(1, Days));
    }

    private static int Pick(Random random, double[] shares) => PickByHash(random.NextDouble(), shares);

    private static int PickByHash(double u, double[] shares)
    {
        for (var i = 0; i < shares.Length; i++)
        {
            u -= shares[i];
            if (u < 0)
            {
                return i;
            }
        }

        return shares.Length - 1;
    }

    private static double[] Shares(int n, double exponent) => Normalise(Enumerable.Range(1, n).Select(i => 1 / Math.Pow(i, exponent)));

    private static double[] Normalise(IEnumerable<double> weights)
    {
        var w = weights.ToArray();
        var sum = w.Sum();
        return [.. w.Select(x => x / sum)];
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
