using Asteroid.Analytics;
using Asteroid.Retention;
using Asteroid.Stations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Asteroid.Rebuilds;

/// <summary>Works through <c>scope_rebuilds</c> on one silo of the cluster at a time (a PostgreSQL
/// advisory lock), oldest request first: first the scope's first-seen listeners from its mounts',
/// then every day oldest first. A day within raw-session retention is rebuilt from the raw sessions
/// of the scope's members by its day and geo grains (which replace their rows and their live view);
/// an older day is merged from the members' mount day rows (<see cref="DayRowMerge"/>) and
/// replaces the scope's row. Days go four at a time; progress is recorded after each four, so a silo
/// restart or a PostgreSQL outage resumes at most four days back; a day done twice is replaced, never added to.</summary>
public sealed partial class RebuildService(
    RebuildStore store, AggregateStore aggregates, GeoStore geo, StationResolver stations, IGrainFactory grains, NpgsqlDataSource db,
    IOptions<RetentionOptions> retention, TimeProvider time, ILogger<RebuildService> logger)
    : BackgroundService
{
    private const long AdvisoryLockKey = 0x4153_5452_5245_4244; // "ASTRREBD"
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan AfterFailure = TimeSpan.FromSeconds(5);

    /// <summary>Days rebuilt concurrently (each is one day grain and one geo grain, with their own rows).</summary>
    private const int DaysAtOnce = 4;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await db.OpenConnectionAsync(stoppingToken);
                await using var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
                tryLock.Parameters.AddWithValue("key", AdvisoryLockKey);
                if (!(bool)(await tryLock.ExecuteScalarAsync(stoppingToken))!)
                {
                    await Task.Delay(AfterFailure, time, stoppingToken); // another silo does it
                    continue;
                }

                // Holds the lock while this connection is open: run jobs until none is left, then poll.
                while (!stoppingToken.IsCancellationRequested)
                {
                    var jobs = await store.ListAsync(stoppingToken);
                    if (jobs.Count == 0)
                    {
                        await Task.Delay(Idle, time, stoppingToken);
                        continue;
                    }

                    await RunAsync(jobs[0], stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                LogFailed(ex);
                try
                {
                    await Task.Delay(AfterFailure, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }
    }

    private async Task RunAsync(RebuildJob job, CancellationToken ct)
    {
        await stations.RefreshAsync();
        var members = await stations.MembersAsync(job.Scope);
        if (!job.FirstSeenDone)
        {
            LogStarted(job.Scope, job.FirstDay, job.LastDay);
            if (job.Scope.Kind != Scope.MountKind)
            {
                await store.RebuildFirstSeenAsync(job.Scope, members, ct);
            }

            if (!await store.AdvanceAsync(job, job.NextDay, firstSeenDone: true, ct))
            {
                return; // asked for again meanwhile: start over with the new request
            }
        }

        var current = job with { FirstSeenDone = true };
        var rawFrom = await store.RawCompleteFromAsync(ct);
        for (var date = job.NextDay; date <= job.LastDay; date = date.AddDays(DaysAtOnce))
        {
            // A few days at once (their loads and saves overlap), then the progress: a restart redoes
            // at most those days, and a day done twice is replaced, never added to.
            var last = date.AddDays(DaysAtOnce - 1) < job.LastDay ? date.AddDays(DaysAtOnce - 1) : job.LastDay;
            await Task.WhenAll(Enumerable.Range(0, last.DayNumber - date.DayNumber + 1)
                .Select(i => RebuildDayAsync(job.Scope, members, date.AddDays(i), rawFrom, ct)));
            if (!await store.AdvanceAsync(current, last.AddDays(1), firstSeenDone: true, ct))
            {
                return;
            }
        }

        LogFinished(job.Scope, job.Progress.Total);
    }

    /// <summary>Replaces one day of the scope (its day metrics and its geo cells): from raw sessions
    /// when the day is within <c>Retention:RawDays</c> and starts at or after <paramref name="rawFrom"/>
    /// (no session that overlaps it can have been removed), else from the members' mount rows.</summary>
    /// <remarks>The scope's first-seen listeners are the job's first step, so the day grains do not record them
    /// again; the day and geo grains rebuild together and read the day's sessions once
    /// (<see cref="AggregateStore.LoadRawSharedAsync"/>).</remarks>
    public async Task RebuildDayAsync(Scope scope, ScopeMembers members, DateOnly date, long rawFrom, CancellationToken ct)
    {
        var window = DayWindow.For(date, await stations.ZoneOfAsync(scope));
        if (!retention.Value.RawMayBePruned(window.Start, time.GetUtcNow()) && window.Start >= rawFrom)
        {
            var day = grains.GetGrain<IDailyStatsGrain>(scope.GrainKey(date));
            await Task.WhenAll(
                scope.Kind == Scope.MountKind ? day.Rebuild() : day.RebuildFirstSeenKnown(), // a mount job does not rebuild first-seen rows
                grains.GetGrain<IGeoStatsGrain>(scope.GrainKey(date)).RebuildForJob());
            return;
        }

        if (scope.Kind == Scope.MountKind)
        {
            return; // a mount's own old rows are the finest data there is
        }

        var rows = await store.MountDaysAsync(members, date, ct);
        var merged = DayRowMerge.Merge(window, rows);
        await aggregates.SaveAsync(scope, merged, (int)Math.Min(int.MaxValue, merged.Totals.Sessions + merged.Totals.ShortSessions + merged.Totals.BotSessions), ct);
        var cells = DayRowMerge.MergeCells((await store.MountGeoDaysAsync(members, date, ct)).Select(d => d.Cells));
        // The merged rows' gross parts are not merged: gross traffic of such a day is unknown (a 409
        // naming it), never the net cells passed off as gross.
        var geoDay = GeoDay.Empty(date) with { ExtraCells = null };
        foreach (var (dimension, values) in cells)
        {
            if (geoDay.Cells.TryGetValue(dimension, out var target))
            {
                foreach (var (value, cell) in values)
                {
                    target[value] = cell;
                }
            }
        }

        await geo.SaveAsync(scope, geoDay, ct);
    }

    [LoggerMessage(EventId = 1820, Level = LogLevel.Information, Message = "Rebuilding the history of {Scope}: {First} to {Last}")]
    private partial void LogStarted(Scope scope, DateOnly first, DateOnly last);

    [LoggerMessage(EventId = 1821, Level = LogLevel.Information, Message = "Rebuilt the history of {Scope} ({Days} days)")]
    private partial void LogFinished(Scope scope, int days);

    [LoggerMessage(EventId = 1822, Level = LogLevel.Warning, Message = "Scope rebuild interrupted (PostgreSQL or a grain unreachable); resuming where it was")]
    private partial void LogFailed(Exception exception);
}
