using System.Collections.Concurrent;
using Asteroid.Analytics;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Asteroid.Reports;

/// <summary>Parsed stored days of this silo (one per process, used by its report grains), so a report over a year does not fetch and parse
/// 365 rows again on every request. Each request still asks PostgreSQL when every day of its range
/// was last written (one small indexed query on the table it reads) and reloads only the days that
/// changed or are missing: an answer is never staler than the database. Day metrics
/// (<c>daily_stats</c>, with or without their breakdowns) and geo days (<c>geo_stats</c>) are kinds
/// of entries in one cache with one size limit; a report reads only the kinds it needs. Each loaded
/// day's listener set also gets a bitmap over its scope's listener numbers
/// (<see cref="ListenerOrdinals"/>, about 50 bytes per distinct listener of a queried scope, up to
/// 4 million per scope), so a year's uniques are an OR of bitmaps.</summary>
public sealed class StoredDayCache(AggregateStore store, GeoStore geo, IOptions<ReportOptions> options) : IDisposable
{
    private const int MaxNumberedListeners = 4_000_000;
    private readonly ConcurrentDictionary<Scope, ListenerOrdinals> _ordinals = new();
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<LiveDayStats, DayStats> _live = [];
    private readonly MemoryCache? _cache = options.Value.DayCacheMegabytes == 0
        ? null
        : new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.DayCacheMegabytes * 1048576L, CompactionPercentage = 0.25 });

    /// <summary>Stored day metrics, with their player/OS/device/mount cells when <paramref name="withBreakdowns"/>
    /// and their gross part when <paramref name="withGross"/>; never geo.</summary>
    public Task<List<DayStats>> LoadAsync(Scope scope, DateOnly from, DateOnly to, bool withBreakdowns, CancellationToken ct, bool withGross = false) =>
        LoadAsync(new StoredRows<DayStats>(
            (withBreakdowns ? "day+breakdowns" : "day") + (withGross ? "+gross" : ""),
            d => d.Date,
            () => store.LoadAsync(scope, from, to, ct, withBreakdowns, withGross),
            () => store.VersionsAsync(scope, from, to, ct),
            missing => store.LoadDaysAsync(scope, missing, withBreakdowns, ct, withGross),
            (d, ordinals) => d with { Listeners = d.Listeners.WithBitmap(ordinals) },
            d => d.Listeners.BitmapBytes), scope);

    /// <summary>A live day as a report reads it: decoded, its listener set with a bitmap over the
    /// scope's numbers. A day grain answers with the same object until a session changes the day, so
    /// the decoded day is kept with that object (weakly: it goes with it).</summary>
    public DayStats Live(Scope scope, LiveDayStats live) =>
        _live.GetValue(live, l =>
        {
            var day = DayStatsCodec.FromLive(l);
            var ordinals = _ordinals.GetOrAdd(scope, _ => new ListenerOrdinals());
            return ordinals.Count < MaxNumberedListeners ? day with { Listeners = day.Listeners.WithBitmap(ordinals) } : day;
        });

    /// <summary>Stored geo days (country and city cells); never the day metrics.</summary>
    public Task<List<GeoDay>> LoadGeoAsync(Scope scope, DateOnly from, DateOnly to, CancellationToken ct) =>
        LoadAsync(new StoredRows<GeoDay>(
            "geo",
            d => d.Date,
            () => geo.LoadAsync(scope, from, to, ct),
            () => geo.VersionsAsync(scope, from, to, ct),
            missing => geo.LoadDaysAsync(scope, missing, ct),
            (d, _) => d,
            _ => 0), scope);

    private async Task<List<TDay>> LoadAsync<TDay>(StoredRows<TDay> rows, Scope scope)
        where TDay : class
    {
        if (_cache is null)
        {
            return await rows.Range();
        }

        var versions = await rows.Versions();
        var days = new List<TDay>(versions.Count);
        var missing = new List<DateOnly>();
        foreach (var (day, updatedAt) in versions)
        {
            if (_cache.TryGetValue((rows.Kind, scope, day), out Entry<TDay>? entry) && entry!.UpdatedAt == updatedAt)
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
            foreach (var (loaded, updatedAt, bytes) in await rows.Load(missing))
            {
                var day = ordinals.Count < MaxNumberedListeners ? rows.WithBitmap(loaded, ordinals) : loaded;
                _cache.Set((rows.Kind, scope, rows.DateOf(day)), new Entry<TDay>(day, updatedAt),
                    new MemoryCacheEntryOptions { Size = bytes + rows.BitmapBytes(day) });
                days.Add(day);
            }
        }

        days.Sort((a, b) => rows.DateOf(a).CompareTo(rows.DateOf(b)));
        return days;
    }

    public void Dispose() => _cache?.Dispose();

    /// <summary>How one kind of stored day is read: the whole range (no cache), the versions, some days.</summary>
    private sealed record class StoredRows<TDay>(
        string Kind,
        Func<TDay, DateOnly> DateOf,
        Func<Task<List<TDay>>> Range,
        Func<Task<List<(DateOnly Day, DateTime UpdatedAt)>>> Versions,
        Func<IReadOnlyList<DateOnly>, Task<List<(TDay Day, DateTime UpdatedAt, int Bytes)>>> Load,
        Func<TDay, ListenerOrdinals, TDay> WithBitmap,
        Func<TDay, int> BitmapBytes);

    private sealed record class Entry<TDay>(TDay Day, DateTime UpdatedAt);
}
