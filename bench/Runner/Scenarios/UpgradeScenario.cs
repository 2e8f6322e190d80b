using System.Diagnostics;
using Asteroid.Bench.History;
using Asteroid.Bench.Infrastructure;
using Npgsql;

namespace Asteroid.Bench.Scenarios;

/// <summary>An operator's upgrade of a loaded history written by a release before the network
/// scopes and gross traffic (migrations 0012 and 0013): src/Web starts on it, migrates it, and in
/// the background (a) the <c>RebuildService</c> builds the network's and each server's history from
/// the raw sessions (the jobs migration 0012 queues in <c>scope_rebuilds</c>) and (b) the start-up
/// <c>Reconciler</c> gives every retained day row its gross part and <c>sessionsEnded</c>. Timed until
/// no rebuild job is left and the rows without a gross part stop changing. On a history the loader
/// wrote with this release (it writes network and server rows, gross included) there is nothing to
/// do, and the scenario says so. Afterwards the rows are stamped as written when their day ended, as
/// the loader does (else every node start in the next two days reconciles the whole year again).</summary>
public static class UpgradeScenario
{
    private const string WithoutGross = "SELECT count(*) FROM daily_stats WHERE gross IS NULL OR gross_at IS DISTINCT FROM updated_at";

    public static async Task RunAsync(BenchSettings settings, Report report, CancellationToken ct)
    {
        await using var db = await HistoryScenario.OpenLoadedAsync(settings, ct);
        var migrated = await BenchDatabase.CountAsync(db, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'scope_rebuilds'", ct) > 0;
        if (migrated && await BenchDatabase.CountAsync(db, "SELECT count(*) FROM scope_rebuilds", ct) == 0
            && await BenchDatabase.CountAsync(db, WithoutGross, ct) == 0)
        {
            Report.Log("upgrade: this history needs no upgrade (no rebuild queued, every day row has its gross part)");
            return;
        }

        var dayRows = await BenchDatabase.CountAsync(db, "SELECT count(*) FROM daily_stats", ct);
        var clock = Stopwatch.StartNew();
        await using var node = await WebNode.StartAsync(settings, HistoryScenario.Database, "web-upgrade", BenchNetwork.StationConfiguration());
        var started = clock.Elapsed;
        Report.Log($"upgrade: src/Web ready after {started.TotalSeconds:N0} s (migrations included)");
        var jobs = await BenchDatabase.CountAsync(db, "SELECT count(*) FROM scope_rebuilds", ct);
        var totalDays = await BenchDatabase.CountAsync(db, "SELECT coalesce(sum(last_day - first_day + 1), 0) FROM scope_rebuilds", ct);
        var initialWithoutGross = await BenchDatabase.CountAsync(db, WithoutGross, ct);
        TimeSpan? rebuildsDone = null;
        var lastWithoutGross = initialWithoutGross;
        var lastChange = clock.Elapsed;
        var lastLog = TimeSpan.Zero;
        var deadline = TimeSpan.FromHours(settings.Quick ? 1 : 6);
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(5), ct);
            var left = await BenchDatabase.CountAsync(db, "SELECT coalesce(sum(last_day - next_day + 1), 0) FROM scope_rebuilds", ct);
            var withoutGross = await BenchDatabase.CountAsync(db, WithoutGross, ct);
            if (left == 0 && rebuildsDone is null)
            {
                rebuildsDone = clock.Elapsed;
                Report.Log($"upgrade: scope rebuilds done after {rebuildsDone.Value.TotalSeconds:N0} s");
            }

            if (withoutGross != lastWithoutGross)
            {
                (lastWithoutGross, lastChange) = (withoutGross, clock.Elapsed);
            }

            if (clock.Elapsed - lastLog >= TimeSpan.FromSeconds(60))
            {
                lastLog = clock.Elapsed;
                Report.Log($"upgrade: {clock.Elapsed.TotalMinutes:N1} min: {left:N0} of {totalDays:N0} scope days left to rebuild; {withoutGross:N0} of {dayRows:N0} day rows without gross");
            }

            // The reconciler starts 30 s after the node; done when nothing is left or nothing moved for 3 minutes.
            var grossSettled = withoutGross == 0 || (clock.Elapsed - lastChange > TimeSpan.FromMinutes(3) && clock.Elapsed > TimeSpan.FromMinutes(4));
            if ((rebuildsDone is not null && grossSettled) || clock.Elapsed > deadline)
            {
                break;
            }
        }

        var grossDone = lastWithoutGross == 0 ? lastChange : clock.Elapsed;
        report.Add("upgrade", "network and server scopes built from raw sessions (migration 0012's rebuild jobs)", (rebuildsDone ?? clock.Elapsed).TotalSeconds, "s",
            note: $"{jobs} scopes, {totalDays:N0} scope days{(rebuildsDone is null ? " — NOT finished" : "")}; src/Web ready (migrations) after {started.TotalSeconds:N0} s; concurrent with the gross backfill");
        report.Add("upgrade", "gross parts added to the stored day rows (start-up reconciler)", grossDone.TotalSeconds, "s",
            note: $"{initialWithoutGross - lastWithoutGross:N0} of {initialWithoutGross:N0} rows without gross given one; {lastWithoutGross:N0} left (not covered by raw sessions, or not finished)");
        await HistoryLoader.StampAsWrittenAtDayEndAsync(db, ct);
    }
}
