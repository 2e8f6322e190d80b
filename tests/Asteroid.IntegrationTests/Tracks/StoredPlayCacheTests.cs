using Asteroid.Analytics;
using Asteroid.IntegrationTests.Infrastructure;
using Asteroid.Silo.Database;
using Asteroid.Tracks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Asteroid.IntegrationTests.Tracks;

/// <summary>The per-node cache of stored plays answers what <see cref="PlayStore.ListAsync"/> answers
/// (same plays, same order, ranges that cut UTC days), and never keeps a mount day that changed: a new
/// play, a stored audience, a pushed correction and a removed play all show on the next read.</summary>
public sealed class StoredPlayCacheTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);

    private readonly TestDatabase _database = TestDatabase.Create();
    private NpgsqlDataSource _source = null!;
    private PlayStore _store = null!;
    private StoredPlayCache _cache = null!;

    public async Task InitializeAsync()
    {
        await MigrationRunner.EnsureDatabaseExistsAsync(_database.ConnectionString, default);
        _source = NpgsqlDataSource.Create(_database.ConnectionString);
        await new MigrationRunner(_source, NullLogger<MigrationRunner>.Instance).ApplyAsync(default);
        _store = new PlayStore(_source);
        _cache = new StoredPlayCache(_store, Options.Create(new TrackOptions()));

        // Three days of 40-minute plays on two mounts of one server and one of another.
        var plays = new List<PlayRecord>();
        foreach (var (server, mount) in new[] { ("a", "/one.mp3"), ("a", "/two.mp3"), ("b", "/one.mp3") })
        {
            for (var at = Start; at < Start.AddDays(3); at = at.AddMinutes(40))
            {
                plays.Add(Play(server, mount, at, $"Song {at:HHmm}"));
            }
        }

        await _store.ImportAsync(plays, default);
    }

    [Theory]
    [InlineData("a", 0, 72)]
    [InlineData("a", 5.5, 30)] // starts and ends inside UTC days
    [InlineData("b", 23.9, 0.2)]
    [InlineData("a", -24, 25)] // a day with no plays, then the first hour
    public async Task The_cache_answers_what_the_table_answers_for_any_range(string server, double fromHours, double hours)
    {
        var members = ScopeMembers.OfServer(server);
        var from = Start.AddHours(fromHours);
        var to = from.AddHours(hours);

        var direct = await _store.ListAsync(members, from, to, net: true, withListeners: true, default);
        var cold = await _cache.ListAsync(members, from, to, net: true, default);
        var warm = await _cache.ListAsync(members, from, to, net: true, default);

        Assert.NotEmpty(direct);
        Assert.Equal(Describe(direct), Describe(cold));
        Assert.Equal(Describe(direct), Describe(warm));
    }

    [Fact]
    public async Task A_changed_mount_day_is_read_again_and_the_others_are_kept()
    {
        var members = ScopeMembers.Everything;
        var (from, to) = (Start, Start.AddDays(3));
        var before = await _cache.ListAsync(members, from, to, net: true, default);
        var target = before.First(p => p.Play.Server == "a" && p.Play.Mount == "/two.mp3" && p.Play.StartedAt >= Start.AddDays(1));

        // A stored audience (an update), a new play (an insert), a correction (an update by id), a removal.
        await _store.StoreAudienceAsync(target.Play, (new PlayAudience(1, 2, 3, 4, 1, 0, 12.5), ListenerSet.Of([1, 2, 3, 4])),
            (new PlayAudience(1, 2, 3, 5, 2, 0, 13), ListenerSet.Of([1, 2, 3, 4, 5])), default);
        await _store.ImportAsync([Play("b", "/one.mp3", Start.AddDays(2).AddMinutes(5), "Inserted")], default);
        var corrected = before.First(p => p.Play.Server == "a" && p.Play.Mount == "/one.mp3" && p.Play.StartedAt == Start.AddMinutes(40)).Play;
        await _store.SaveAsync([corrected with { Title = "Corrected", Artist = "Someone" }], default);
        var removed = before.First(p => p.Play.Server == "b" && p.Play.StartedAt == Start.AddDays(1).AddMinutes(80)).Play;
        await using (var delete = _source.CreateCommand("DELETE FROM plays WHERE play_id = @id"))
        {
            delete.Parameters.AddWithValue("id", removed.PlayId);
            await delete.ExecuteNonQueryAsync();
        }

        var after = await _cache.ListAsync(members, from, to, net: true, default);

        Assert.Equal(Describe(await _store.ListAsync(members, from, to, net: true, withListeners: true, default)), Describe(after));
        var stored = after.Single(p => p.Play.PlayId == target.Play.PlayId);
        Assert.Equal((12.5, 4L, true), (stored.Audience!.ListenMinutes, stored.Listeners!.Count, stored.Final));
        Assert.Contains(after, p => p.Play.Title == "Inserted");
        Assert.Equal("Corrected", after.Single(p => p.Play.PlayId == corrected.PlayId).Play.Title);
        Assert.DoesNotContain(after, p => p.Play.PlayId == removed.PlayId);
        var gross = await _cache.ListAsync(members, from, to, net: false, default);
        Assert.Equal(13, gross.Single(p => p.Play.PlayId == target.Play.PlayId).Audience!.ListenMinutes); // net and gross apart
    }

    public async Task DisposeAsync()
    {
        _cache.Dispose();
        await _source.DisposeAsync();
        await _database.DisposeAsync();
    }

    private static PlayRecord Play(string server, string mount, DateTimeOffset at, string title) =>
        new(Guid.NewGuid(), server, mount, at, at.AddMinutes(40), 0, 0, "Artist", title, null, null, null, null, PlaySources.Import);

    private static List<string> Describe(IEnumerable<StoredPlay> plays) =>
        [.. plays.Select(p => $"{p.Play.PlayId} {p.Play.Server}{p.Play.Mount} {p.Play.StartedAt:O} {p.Play.Artist} {p.Play.Title} {p.Audience} {p.Listeners?.Count} {p.Final}")];
}
