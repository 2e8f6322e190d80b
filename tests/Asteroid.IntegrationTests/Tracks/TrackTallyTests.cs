using Asteroid.Analytics;
using Asteroid.IntegrationTests.Infrastructure;
using Asteroid.Retention;
using Asteroid.Silo.Database;
using Asteroid.Tracks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Asteroid.IntegrationTests.Tracks;

/// <summary>The track report from the play cache's day blocks (<see cref="TrackTally"/>) answers
/// exactly what the straightforward grouping of the plays answers (<see cref="TrackReports.TracksOf"/>,
/// the path with the cache off): every field to the last bit, every sort, ranges that cut UTC days in
/// another zone, a daypart, both baselines (from the range's plays and from SQL), plays whose audience
/// is computed from the raw sessions on request, and, on a warm cache, after a late import, a stored
/// audience and a renamed play invalidate cached days.</summary>
public sealed class TrackTallyTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Names = ["The  Band|Song", "the band |SONG", "Other|Tune", "|Lone Title", "Third|Hit", "Fourth|Slow", "Fifth|Deep"];

    private readonly TestDatabase _database = TestDatabase.Create();
    private NpgsqlDataSource _source = null!;
    private PlayStore _store = null!;
    private StoredPlayCache _cache = null!;
    private StoredPlayCache _off = null!;
    private TrackReports _fast = null!;
    private TrackReports _plain = null!;
    private List<PlayRecord> _plays = null!;

    public async Task InitializeAsync()
    {
        await MigrationRunner.EnsureDatabaseExistsAsync(_database.ConnectionString, default);
        _source = NpgsqlDataSource.Create(_database.ConnectionString);
        await new MigrationRunner(_source, NullLogger<MigrationRunner>.Instance).ApplyAsync(default);
        _store = new PlayStore(_source);
        var options = Options.Create(new TrackOptions { BaselineDays = 7 });
        _cache = new StoredPlayCache(_store, options);
        _off = new StoredPlayCache(_store, Options.Create(new TrackOptions { BaselineDays = 7, PlayCacheMegabytes = 0 }));
        // "Now" is the end of the plays: every play is within the raw retention.
        var job = new PlayAudienceJob(_store, options, Options.Create(new RetentionOptions()), new FixedTime(Start.AddDays(7)), NullLogger<PlayAudienceJob>.Instance);
        _fast = new TrackReports(_store, _cache, job, options);
        _plain = new TrackReports(_store, _off, job, options);

        // Seven days of plays every 15 to 30 minutes on three mounts, the names in a rotation with case and
        // space variants; most with a stored audience (random figures, listeners from a pool of 60),
        // some settled as unknown, some not final (computed from the raw sessions on request: none here, so zero figures and empty sets).
        var random = new Random(14);
        _plays = [];
        foreach (var (server, mount) in new[] { ("a", "/one.mp3"), ("a", "/two.mp3"), ("b", "/one.mp3") })
        {
            for (var at = Start.AddMinutes(random.Next(0, 7)); at < Start.AddDays(7); at = at.AddMinutes(random.Next(15, 30)))
            {
                var (artist, title) = Names[random.Next(Names.Length)].Split('|') is var n ? (n[0].Length == 0 ? null : n[0], n[1]) : default;
                _plays.Add(new PlayRecord(Guid.NewGuid(), server, mount, at, at.AddMinutes(random.Next(3, 7)), 0, 0, artist, title, null, null, null, null, PlaySources.Import));
            }
        }

        await _store.ImportAsync(_plays, default);
        foreach (var play in _plays)
        {
            switch (random.Next(20))
            {
                case 0:
                    await _store.MarkAudienceUnknownAsync(play, default);
                    break;
                case 1:
                    break; // not final
                default:
                    await _store.StoreAudienceAsync(play, RandomAudience(random), RandomAudience(random), default);
                    break;
            }
        }
    }

    public static TheoryData<string, string, int, int, string?> Ranges() => new()
    {
        { "*", "UTC", 0, 6, null }, // as long as the baseline window: the baseline from the range's plays
        { "*", "Europe/Berlin", 0, 6, null }, // local days cut the UTC days the cache keeps
        { "a", "America/New_York", 1, 3, null }, // shorter: the baseline from SQL
        { "b", "UTC", 2, 2, null },
        { "*", "Europe/Berlin", 0, 6, "mornings" },
        { "a", "UTC", 3, 5, "mornings" },
    };

    [Theory]
    [MemberData(nameof(Ranges))]
    public async Task The_tracks_from_the_cached_blocks_equal_the_grouped_plays_cold_warm_and_after_changes(
        string server, string zone, int firstDay, int lastDay, string? daypart)
    {
        var scope = new TrackScope(server == "*" ? ScopeMembers.Everything : ScopeMembers.OfServer(server), TimeZoneInfo.FindSystemTimeZoneById(zone));
        var (from, to) = (DateOnly.FromDateTime(Start.AddDays(firstDay).UtcDateTime), DateOnly.FromDateTime(Start.AddDays(lastDay).UtcDateTime));
        var windows = daypart is null ? null : Mornings(scope.Zone, from, to);

        var plain = await AllSortsAsync(_plain, scope, from, to, windows);
        Assert.Equal(plain, await AllSortsAsync(_fast, scope, from, to, windows)); // cold
        Assert.Equal(plain, await AllSortsAsync(_fast, scope, from, to, windows)); // warm
        var rows = plain[0];
        Assert.Contains(rows, t => t.Plays > 1 && t.UniqueListeners > 0);
        Assert.Contains(rows, t => t.TuneOutIndex is not null);

        // A late import into a cached day, a stored audience (a play that was computed on request), and
        // a play renamed to another track: each changes its day's version, and the warm cache follows.
        var inside = _plays.Where(p => p.StartedAt >= Start.AddDays(firstDay).AddHours(7) && (server == "*" || p.Server == server)).Take(3).ToList();
        var late = inside[0] with { PlayId = Guid.NewGuid(), StartedAt = inside[0].StartedAt.AddSeconds(30), EndedAt = inside[0].StartedAt.AddSeconds(90), Title = "Late Import" };
        await _store.ImportAsync([late], default);
        await _store.StoreAudienceAsync(late, (new PlayAudience(1, 1, 2, 2, 1, 1, 1.25), ListenerSet.Of([7, 8])), (new PlayAudience(1, 1, 2, 2, 1, 1, 1.25), ListenerSet.Of([7, 8])), default);
        await _store.StoreAudienceAsync(inside[1], (new PlayAudience(3, 2, 4, 5, 2, 3, 9.8765), ListenerSet.Of([1, 2, 3, 4, 5])), (new PlayAudience(3, 2, 4, 6, 3, 3, 10.5), ListenerSet.Of([1, 2, 3, 4, 5, 6])), default);
        await _store.SaveAsync([inside[2] with { Artist = "OTHER", Title = " tune " }], default);
        await _store.StoreAudienceAsync(inside[2], (new PlayAudience(1, 0, 1, 1, 0, 1, 0.5), ListenerSet.Of([9])), (new PlayAudience(1, 0, 1, 1, 0, 1, 0.5), ListenerSet.Of([9])), default);

        var changed = await AllSortsAsync(_plain, scope, from, to, windows);
        Assert.NotEqual(plain, changed);
        Assert.Equal(changed, await AllSortsAsync(_fast, scope, from, to, windows));
    }

    public async Task DisposeAsync()
    {
        _cache.Dispose();
        _off.Dispose();
        await _source.DisposeAsync();
        await _database.DisposeAsync();
    }

    private static async Task<List<List<TrackRow>>> AllSortsAsync(TrackReports reports, TrackScope scope, DateOnly from, DateOnly to, IReadOnlyList<(long From, long To)>? windows)
    {
        var all = new List<List<TrackRow>>();
        foreach (var sort in ITrackReportGrain.Sorts)
        {
            foreach (var net in new[] { true, false })
            {
                all.Add([.. await reports.TracksAsync(scope, from, to, net, sort, windows, default)]);
            }
        }

        return all;
    }

    /// <summary>06:00-11:00 local on each day of the range, as a daypart's windows.</summary>
    private static List<(long From, long To)> Mornings(TimeZoneInfo zone, DateOnly from, DateOnly to)
    {
        var windows = new List<(long, long)>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var start = DayWindow.For(day, zone).Start;
            windows.Add((start + 6 * 3600, start + 11 * 3600));
        }

        return windows;
    }

    private static (PlayAudience, ListenerSet) RandomAudience(Random random)
    {
        var listeners = Enumerable.Range(0, random.Next(0, 12)).Select(_ => (ulong)random.Next(0, 60)).ToHashSet();
        var tuneOuts = random.Next(0, 4);
        // Listen minutes with four decimals, as the rule rounds them: sums of such doubles depend on their order.
        var minutes = Math.Round(random.NextDouble() * 40, 4);
        return (new PlayAudience(random.Next(0, 9), random.Next(0, 9), random.Next(0, 15), listeners.Count, random.Next(0, 5), tuneOuts, minutes), ListenerSet.Of(listeners));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
