using Asteroid.Analytics;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Asteroid.Tracks;

/// <summary>Stored plays of this silo, read and decoded once per mount and UTC day (with their
/// audience and listener sets, net and gross apart), so a month's track report does not fetch and
/// parse 10,000 rows again on every request. Each request still asks PostgreSQL for the version of
/// every mount day of its range (<c>play_day_versions</c>: triggers raise it on any insert, update or
/// delete of a play) and reloads only the days that changed: an answer is never staler than the
/// database. A reloaded day is kept with the version read before it was loaded, so a write committed
/// between the two queries makes the next request reload it rather than keep it. A day is kept as a
/// <see cref="PlayBlock"/>: its plays with their tracks grouped once. Bounded by <see cref="TrackOptions.PlayCacheMegabytes"/> (0: off).</summary>
public sealed class StoredPlayCache(PlayStore store, IOptions<TrackOptions> options) : IDisposable
{
    private readonly MemoryCache? _cache = options.Value.PlayCacheMegabytes == 0
        ? null
        : new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.PlayCacheMegabytes * 1048576L, CompactionPercentage = 0.25 });

    /// <summary>Whether plays are cached (<see cref="TrackOptions.PlayCacheMegabytes"/> is not 0): only then does <see cref="BlocksAsync"/> answer.</summary>
    public bool Enabled => _cache is not null;

    /// <summary>The plays of the members' mounts that started in [from, to), oldest first, as
    /// <see cref="PlayStore.ListAsync"/> answers (with their listener sets).</summary>
    public async Task<IReadOnlyList<StoredPlay>> ListAsync(ScopeMembers members, DateTimeOffset from, DateTimeOffset to, bool net, CancellationToken ct)
    {
        if (_cache is null)
        {
            return await store.ListAsync(members, from, to, net, withListeners: true, ct);
        }

        var blocks = await BlocksAsync(members, from, to, net, ct);
        return [.. blocks.SelectMany(b => b.Plays).Where(p => p.Play.StartedAt >= from && p.Play.StartedAt < to).OrderBy(p => p.Play.StartedAt)
            .ThenBy(p => p.Play.Server, StringComparer.Ordinal).ThenBy(p => p.Play.Mount, StringComparer.Ordinal)];
    }

    /// <summary>The cached mount days (UTC) around [from, to), current as of this call: every
    /// mount day with plays that overlaps the range, whole (the caller keeps the plays in the range),
    /// in no particular order. Only when <see cref="Enabled"/>.</summary>
    public async Task<IReadOnlyList<PlayBlock>> BlocksAsync(ScopeMembers members, DateTimeOffset from, DateTimeOffset to, bool net, CancellationToken ct)
    {
        var cache = _cache ?? throw new InvalidOperationException("the play cache is off");
        // Whole UTC days around the range, so every cached day is complete.
        var firstDay = DateOnly.FromDateTime(from.UtcDateTime);
        var lastDay = DateOnly.FromDateTime(to.AddTicks(-1).UtcDateTime);
        var versions = await store.DayVersionsAsync(members, Start(firstDay), Start(lastDay.AddDays(1)), ct);
        var blocks = new List<PlayBlock>(versions.Count);
        var missing = new List<(PlayDay Day, long Version)>();
        foreach (var (day, version) in versions)
        {
            if (cache.TryGetValue((net, day), out Entry? entry) && entry!.Version == version)
            {
                blocks.Add(entry.Block);
            }
            else
            {
                missing.Add((day, version));
            }
        }

        if (missing.Count > 0)
        {
            var loaded = await store.LoadDaysAsync([.. missing.Select(m => m.Day)], net, ct);
            foreach (var (day, version) in missing)
            {
                var block = new PlayBlock(day, loaded[day]);
                cache.Set((net, day), new Entry(version, block), new MemoryCacheEntryOptions { Size = block.Bytes });
                blocks.Add(block);
            }
        }

        return blocks;
    }

    public void Dispose() => _cache?.Dispose();

    private static DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private sealed record class Entry(long Version, PlayBlock Block);
}

/// <summary>One mount's plays that started on one UTC day.</summary>
public readonly record struct PlayDay(string Server, string Mount, DateOnly Day);
