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
/// between the two queries makes the next request reload it rather than keep it. Bounded by <see cref="TrackOptions.PlayCacheMegabytes"/> (0: off).</summary>
public sealed class StoredPlayCache(PlayStore store, IOptions<TrackOptions> options) : IDisposable
{
    private readonly MemoryCache? _cache = options.Value.PlayCacheMegabytes == 0
        ? null
        : new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.PlayCacheMegabytes * 1048576L, CompactionPercentage = 0.25 });

    /// <summary>The plays of the members' mounts that started in [from, to), oldest first, as
    /// <see cref="PlayStore.ListAsync"/> answers (with their listener sets).</summary>
    public async Task<IReadOnlyList<StoredPlay>> ListAsync(ScopeMembers members, DateTimeOffset from, DateTimeOffset to, bool net, CancellationToken ct)
    {
        if (_cache is null)
        {
            return await store.ListAsync(members, from, to, net, withListeners: true, ct);
        }

        // Whole UTC days around the range, so every cached day is complete.
        var firstDay = DateOnly.FromDateTime(from.UtcDateTime);
        var lastDay = DateOnly.FromDateTime(to.AddTicks(-1).UtcDateTime);
        var versions = await store.DayVersionsAsync(members, Start(firstDay), Start(lastDay.AddDays(1)), ct);
        var plays = new List<StoredPlay>();
        var missing = new List<(PlayDay Day, long Version)>();
        foreach (var (day, version) in versions)
        {
            if (_cache.TryGetValue((net, day), out Entry? entry) && entry!.Version == version)
            {
                plays.AddRange(entry.Plays);
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
                var dayPlays = loaded[day];
                _cache.Set((net, day), new Entry(version, dayPlays), new MemoryCacheEntryOptions { Size = SizeOf(dayPlays) });
                plays.AddRange(dayPlays);
            }
        }

        return [.. plays.Where(p => p.Play.StartedAt >= from && p.Play.StartedAt < to).OrderBy(p => p.Play.StartedAt)
            .ThenBy(p => p.Play.Server, StringComparer.Ordinal).ThenBy(p => p.Play.Mount, StringComparer.Ordinal)];
    }

    public void Dispose() => _cache?.Dispose();

    private static DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>Bytes a day of plays holds, roughly: the record and its strings, the audience, the set's keys.</summary>
    private static long SizeOf(IReadOnlyList<StoredPlay> plays) =>
        64 + plays.Sum(p => 320L + 2L * ((p.Play.Artist?.Length ?? 0) + p.Play.Title.Length + (p.Play.Album?.Length ?? 0))
            + (p.Audience is null ? 0 : 64) + 8 * (p.Listeners?.Count ?? 0));

    private sealed record class Entry(long Version, IReadOnlyList<StoredPlay> Plays);
}

/// <summary>One mount's plays that started on one UTC day.</summary>
public readonly record struct PlayDay(string Server, string Mount, DateOnly Day);
