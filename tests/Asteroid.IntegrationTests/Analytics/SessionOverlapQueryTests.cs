using Asteroid.Analytics;
using Asteroid.IntegrationTests.Infrastructure;
using Asteroid.Silo.Database;
using Asteroid.Tracks;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Asteroid.IntegrationTests.Analytics;

/// <summary>The index-served forms of the session queries (<see cref="ScopeMembers.SessionFilter"/>,
/// <see cref="SessionSql.Overlapping"/>) select exactly the rows that the plain definition does: a
/// member is a listed mount or a server's mount that is not excluded, and a session belongs to a
/// period when it overlaps it (or, for day loads, starts in it) whatever its length.</summary>
public sealed class SessionOverlapQueryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset DayStart = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
    private static readonly DayWindow Day = new(DateOnly.FromDateTime(DayStart.UtcDateTime), TimeZoneInfo.Utc, DayStart.ToUnixTimeSeconds(), DayStart.AddDays(1).ToUnixTimeSeconds());

    private readonly TestDatabase _database = TestDatabase.Create();
    private readonly List<(Guid Id, string Server, string Mount, DateTimeOffset Start, DateTimeOffset End)> _rows = [];
    private NpgsqlDataSource _source = null!;

    public async Task InitializeAsync()
    {
        await MigrationRunner.EnsureDatabaseExistsAsync(_database.ConnectionString, default);
        _source = NpgsqlDataSource.Create(_database.ConnectionString);
        await new MigrationRunner(_source, NullLogger<MigrationRunner>.Instance).ApplyAsync(default);

        // Per mount: sessions inside the day, across its start and end, a zero-length one at its
        // start, ones that end before it or start after it, one that began 24.5 hours before (inside
        // the short branch's look-back of a day and an hour), one that began 26 hours before, 7-, 10-
        // and 30-day ones (the long branch), and long ones that ended before the day or at its start.
        (double StartHours, double Hours)[] shapes =
        [
            (2, 1), (-1, 2), (23, 3), (0, 0), (-3, 2), (-3, 3), (24, 1), (-24.5, 25), (-26, 27), (-7 * 24 - 0.5, 7 * 24 + 1), (-10 * 24, 10 * 24 + 1),
            (-30 * 24, 31 * 24), (-20 * 24, 10 * 24), (-8 * 24, 8 * 24),
        ];
        foreach (var (server, mount) in new[] { ("a", "/one.mp3"), ("a", "/two.mp3"), ("a", "/three.ogg"), ("b", "/one.mp3"), ("b", "/x.aac"), ("c", "/one.mp3") })
        {
            foreach (var (startHours, hours) in shapes)
            {
                var start = DayStart.AddHours(startHours);
                _rows.Add((Guid.NewGuid(), server, mount, start, start.AddHours(hours)));
            }
        }

        await using var insert = _source.CreateCommand("""
            INSERT INTO listener_sessions (session_id, server_id, mount, station_id, started_at, ended_at, duration_seconds, listener_key, player, os, device, is_bot, source)
            SELECT id, server, mount, server, started, ended, extract(epoch FROM ended - started)::int, 'k' || id, 'p', 'o', 'd', false, 'import'
            FROM unnest(@id, @server, @mount, @started, @ended) AS r(id, server, mount, started, ended)
            """);
        insert.Parameters.AddWithValue("id", _rows.Select(r => r.Id).ToArray());
        insert.Parameters.AddWithValue("server", _rows.Select(r => r.Server).ToArray());
        insert.Parameters.AddWithValue("mount", _rows.Select(r => r.Mount).ToArray());
        insert.Parameters.AddWithValue("started", _rows.Select(r => r.Start.UtcDateTime).ToArray());
        insert.Parameters.AddWithValue("ended", _rows.Select(r => r.End.UtcDateTime).ToArray());
        await insert.ExecuteNonQueryAsync();
    }

    public static TheoryData<string> Members => ["everything", "nothing", "mounts", "server", "server-minus", "mixed"];

    [Theory]
    [MemberData(nameof(Members))]
    public async Task A_day_load_reads_the_members_sessions_that_overlap_or_start_in_the_day_whatever_their_length(string name)
    {
        var members = Of(name);
        var expected = _rows.Where(r => members.Contains(r.Server, r.Mount)
            && r.Start < DayStart.AddDays(1) && (r.End > DayStart || r.Start >= DayStart)).ToList();

        var facts = await new AggregateStore(_source).LoadRawAsync(members, Day, default);

        Assert.Equal(expected.Select(r => r.Id).Order(), facts.Select(f => f.SessionId).Order());
        if (name != "nothing")
        {
            Assert.Contains(expected, r => r.End - r.Start > TimeSpan.FromDays(9)); // read through the long sessions' index
            Assert.Contains(expected, r => r.Start < DayStart.AddHours(-24) && r.End - r.Start < TimeSpan.FromHours(25.5)); // the look-back's edge
        }
    }

    [Fact]
    public async Task A_plays_audience_reads_the_mounts_sessions_that_overlap_the_play_including_a_month_long_one()
    {
        var from = DayStart.AddHours(2.5);
        var to = DayStart.AddHours(3);
        var expected = _rows.Where(r => r.Server == "a" && r.Mount == "/two.mp3" && r.Start < to && r.End > from).ToList();

        var (sessions, allEnded) = await new PlayStore(_source).SessionsAsync("a", "/two.mp3", from, to, DayStart.AddDays(2), default);

        Assert.True(allEnded);
        Assert.Equal(expected.Count, sessions.Count);
        Assert.Equal(expected.Select(r => r.Start.ToUnixTimeMilliseconds()).Order(), sessions.Select(s => s.Start).Order());
        Assert.Contains(expected, r => r.End - r.Start > TimeSpan.FromDays(30));
    }

    public async Task DisposeAsync()
    {
        await _source.DisposeAsync();
        await _database.DisposeAsync();
    }

    private static ScopeMembers Of(string name) => name switch
    {
        "everything" => ScopeMembers.Everything,
        "nothing" => ScopeMembers.None,
        "mounts" => ScopeMembers.OfMounts(["a/two.mp3", "b/x.aac"]),
        "server" => ScopeMembers.OfServer("a"),
        "server-minus" => new ScopeMembers(false, ["a"], ["a/one.mp3"], []),
        _ => new ScopeMembers(false, ["a", "c"], ["a/one.mp3", "c/one.mp3"], ["b/one.mp3", "a/one.mp3"]),
    };
}
