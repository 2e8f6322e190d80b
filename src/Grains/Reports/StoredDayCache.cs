using System.Collections.Concurrent;
using Asteroid.Analytics;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Asteroid.Reports;

/// <summary>Parsed stored days of this silo (one per process, used by its report grains), so a report over a year does not fetch and parse
/// 365 rows again on every request. Each request still asks PostgreSQL when every day of its range
/// was last written (one small indexed query) and reloads only the days that changed or are
/// missing: an answer is never staler than the database. Days with breakdowns (geo, summary) are
/// entries of their own, several times larger. Each loaded day's listener set also gets a bitmap
/// over its scope's listener numbers (<see cref="ListenerOrdinals"/>, about 50 bytes per distinct
/// listener of a queried scope, up to 4 million per scope), so a year's uniques are an OR of bitmaps.</summary>
public sealed class StoredDayCache(AggregateStore store, IOptions<ReportOptions> options) : IDisposable
{
    private const int MaxNumberedListeners = 4_000_000;
    private readonly ConcurrentDictionary<Scope, ListenerOrdinals> _ordinals = new();
    private readonly MemoryCache? _cache = options.Value.DayCacheMegabytes == 0
        ? null
        : new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.DayCacheMegabytes * 1048576L, CompactionPercentage = 0.25 });

    public async Task<List<DayStats>> LoadAsync(Scope scope, DateOnly from, DateOnly to, bool withBreakdowns, CancellationToken ct)
    {
        if (_cache is null)
        {
            return await store.LoadAsync(scope, from, to, ct, withBreakdowns);
        }

        var versions = await store.VersionsAsync(scope, from, to, ct);
        var days = new List<DayStats>(versions.Count);
        var missing = new List<DateOnly>();
        foreach (var (day, updatedAt) in versions)
        {
            if (_cache.TryGetValue((scope, day, withBreakdowns), out Entry? entry) && entry!.UpdatedAt == updatedAt)
            {
                days.Add(entry.Day);
            }
            else
            {
                missing.Add(day);
            }
        }

        if (missing.Count > 0)
        {
            var ordinals = _ordinals.GetOrAdd(scope, _ => new ListenerOrdinals());
            foreach (var (loaded, updatedAt, bytes) in await store.LoadDaysAsync(scope, missing, withBreakdowns, ct))
            {
                var day = ordinals.Count < MaxNumberedListeners ? loaded with { Listeners = loaded.Listeners.WithBitmap(ordinals) } : loaded;

                _cache.Set((scope, day.Date, withBreakdowns), new Entry(day, updatedAt), new MemoryCacheEntryOptions { Size = bytes + day.Listeners.BitmapBytes });
                days.Add(day);
            }
        }

        days.Sort((a, b) => a.Date.CompareTo(b.Date));
        return days;
    }

    public void Dispose() => _cache?.Dispose();

    private sealed record class Entry(DayStats Day, DateTime UpdatedAt);
}
