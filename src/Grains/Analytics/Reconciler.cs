using System.Text.Json;
using Asteroid.Retention;
using Asteroid.Stations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Asteroid.Analytics;

/// <summary>Recomputes a day from raw sessions, compares it with the incremental aggregates (the
/// day metrics with their breakdowns, and the geo day's country and city cells) and, where they
/// differ, has the day grain or the geo grain rebuild itself. After a start-up it does this for every day that
/// was written in the last two days (a crash may have cut a batch in half). A day that began before
/// <c>Retention:RawDays</c> is never rebuilt: retention may have removed some of its raw sessions
/// (an imported old log, say), and its stored rows are then the only full record.</summary>
public sealed partial class Reconciler(
    AggregateStore store, GeoStore geo, Rebuilds.RebuildStore rebuilds, StationResolver stations, IGrainFactory grains, NpgsqlDataSource db, IOptions<RetentionOptions> retention,
    TimeProvider time, ILogger<Reconciler> logger)
    : BackgroundService
{
    private const long AdvisoryLockKey = 0x4153_5452_5245_434E; // "ASTRRECN"
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<ReconcileResult> ReconcileAsync(Scope scope, DateOnly date, CancellationToken ct, long? rawCompleteFrom = null)
    {
        var zone = await stations.ZoneOfAsync(scope);
        var window = DayWindow.For(date, zone);
        if (retention.Value.RawMayBePruned(window.Start, time.GetUtcNow()))
        {
            return new ReconcileResult(scope.ToString(), date, false, [], 0,
                $"the day began more than Retention:RawDays ({retention.Value.RawDays}) days ago: retention may have removed some of its raw sessions, so its stored aggregates are kept as they are");
        }

        if (window.Start < (rawCompleteFrom ?? await rebuilds.RawCompleteFromAsync(ct)))
        {
            return new ReconcileResult(scope.ToString(), date, false, [], 0,
                "the raw log no longer has every session of this day (its earliest remaining session ended later, and older day rows exist), so its stored aggregates are kept as they are");
        }

        var fresh = new TrafficDayAggregator(window);
        var freshGeo = new GeoDayAggregator(window);
        foreach (var fact in await store.LoadRawAndFirstSeenAsync(scope, await stations.MembersAsync(scope), window, ct))
        {
            fresh.Add(fact);
            freshGeo.Add(fact);
        }

        var recomputed = fresh.Snapshot();
        var stored = (await store.LoadAsync(scope, date, date, ct)).SingleOrDefault();
        var differences = Compare(stored, recomputed);
        if (differences.Count > 0)
        {
            await grains.GetGrain<IDailyStatsGrain>(scope.GrainKey(date)).Rebuild();
        }

        var geoDifferences = CompareGeo((await geo.LoadAsync(scope, date, date, ct)).SingleOrDefault(), freshGeo.Snapshot());
        if (geoDifferences.Count > 0)
        {
            await grains.GetGrain<IGeoStatsGrain>(scope.GrainKey(date)).Rebuild();
            differences.AddRange(geoDifferences);
        }

        if (differences.Count > 0)
        {
            LogRepaired(scope.ToString(), date, string.Join(", ", differences));
        }

        return new ReconcileResult(scope.ToString(), date, differences.Count == 0, differences, fresh.SessionCount);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(30), time, stoppingToken);
            await using var connection = await db.OpenConnectionAsync(stoppingToken);
            await using var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
            tryLock.Parameters.AddWithValue("key", AdvisoryLockKey);
            if (!(bool)(await tryLock.ExecuteScalarAsync(stoppingToken))!)
            {
                return; // another silo does it
            }

            var rawFrom = await rebuilds.RawCompleteFromAsync(stoppingToken);
            foreach (var (scope, day) in await store.RecentlyWrittenAsync(time.GetUtcNow().AddDays(-2), stoppingToken))
            {
                await ReconcileAsync(scope, day, stoppingToken, rawFrom);
            }

            // Days stored before gross traffic and sessionsEnded existed (migration 0013) get them
            // from their raw sessions while these are retained and complete (otherwise reports say gross is unknown).
            var since = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-retention.Value.RawDays + 1);
            foreach (var (scope, day) in await store.WithoutGrossAsync(since, stoppingToken))
            {
                if (await store.RawCoversAsync(scope, await stations.MembersAsync(scope), DayWindow.For(day, await stations.ZoneOfAsync(scope)), stoppingToken))
                {
                    // This run's raw-complete point, as above: asked per row it is a scan of every raw
                    // session's end (≈ 3 s per row on a 10 M-session log, for each of tens of thousands of rows).
                    await ReconcileAsync(scope, day, stoppingToken, rawFrom);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogFailed(ex);
        }
    }

    private static List<string> Compare(DayStats? stored, DayStats recomputed)
    {
        if (stored is null)
        {
            return recomputed.Totals.Sessions + recomputed.Totals.ShortSessions + recomputed.Totals.BotSessions + recomputed.Totals.ActiveSessions > 0
                ? ["missing"]
                : [];
        }

        var differences = new List<string>();
        void Check(string name, object a, object b)
        {
            if (JsonSerializer.Serialize(a, Json) != JsonSerializer.Serialize(b, Json))
            {
                differences.Add(name);
            }
        }

        Check("totals", stored.Totals, recomputed.Totals);
        Check("hours", stored.Hours, recomputed.Hours);
        Check("quarterHours", stored.QuarterCounts, recomputed.QuarterCounts);
        Check("sessionLengths", stored.SessionLengths, recomputed.SessionLengths);
        Check("carriedIn", stored.CarriedIn, recomputed.CarriedIn);
        if (stored.Gross is null)
        {
            differences.Add("gross missing");
        }
        else
        {
            var (g, r) = (stored.Gross, recomputed.Gross!);
            Check("gross", new object[] { g.Totals, g.Hours, g.QuarterCounts, g.SessionLengths, g.CarriedIn, g.InstantSessions }, new object[] { r.Totals, r.Hours, r.QuarterCounts, r.SessionLengths, r.CarriedIn, r.InstantSessions });
            if (!SameBreakdowns(g.ExtraBreakdowns, r.ExtraBreakdowns) || g.ExtraListeners.Count != r.ExtraListeners.Count)
            {
                differences.Add("gross extras");
            }
        }

        if (!SameBreakdowns(stored.Breakdowns, recomputed.Breakdowns))
        {
            differences.Add("breakdowns");
        }

        if (stored.Listeners.Count != recomputed.Listeners.Count)
        {
            differences.Add("listeners");
        }

        return differences;
    }

    /// <summary>The geo day's country and city cells ("geo"; a missing row is "geo missing" when the raw sessions have cells).</summary>
    private static List<string> CompareGeo(GeoDay? stored, GeoDay recomputed)
    {
        if (stored is null)
        {
            return recomputed.Cells.Values.Any(c => c.Count > 0) ? ["geo missing"] : [];
        }

        return !SameBreakdowns(stored.Cells, recomputed.Cells) ? ["geo"]
            : stored.ExtraCells is null ? ["geo gross missing"]
            : !SameBreakdowns(stored.ExtraCells, recomputed.ExtraCells!) ? ["geo gross"]
            : [];
    }

    /// <summary>Cell by cell (stored JSON does not keep key order).</summary>
    private static bool SameBreakdowns(IReadOnlyDictionary<string, Dictionary<string, BreakdownCell>> a, IReadOnlyDictionary<string, Dictionary<string, BreakdownCell>> b)
    {
        static IEnumerable<string> Cells(IReadOnlyDictionary<string, Dictionary<string, BreakdownCell>> d) => d
            .SelectMany(dim => dim.Value.Select(c => $"{dim.Key}\t{c.Key}\t{c.Value.Sessions}\t{c.Value.ListenSeconds}\t{c.Value.Listeners.Count}"))
            .Order(StringComparer.Ordinal);

        return Cells(a).SequenceEqual(Cells(b));
    }


    [LoggerMessage(EventId = 1810, Level = LogLevel.Warning, Message = "Reconciliation {Scope} {Date}: the incremental aggregate differed ({Differences}); rebuilt from raw sessions")]
    private partial void LogRepaired(string scope, DateOnly date, string differences);

    [LoggerMessage(EventId = 1811, Level = LogLevel.Warning, Message = "Start-up reconciliation failed")]
    private partial void LogFailed(Exception exception);
}
