using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Asteroid.Bench.Infrastructure;
using Asteroid.Bench.Simulator;
using Asteroid.Testing;
using Npgsql;

namespace Asteroid.Bench.Scenarios;

/// <summary>Scale of live tracking, with the Icecast scale simulator (5 servers in this process,
/// recorded formats) polled every 10 s by a running src/Web:
/// 1. ramp: every listener becomes a session (start rows durable in open_sessions);
/// 2. steady state: polls per second against the schedule, poll duration p95, CPU, and memory per
///    active session (resident memory above the node's level before any listener, per session);
/// 3. churn: listeners leave and are replaced at the target rate of session starts (and ends) per
///    second; starts, ends and durable rows per second measured;
/// 4. drain: everyone leaves; every connection that was ever visible in a listclients answer must
///    be exactly one row of listener_sessions (loss and duplicates counted), and each server's day
///    must reconcile with its raw sessions.</summary>
public static class ListenersScenario
{
    private const int Servers = 5;
    private const int PollSeconds = 10;

    public static async Task RunAsync(BenchSettings settings, Report report, CancellationToken ct)
    {
        var (mounts, perMount) = settings.Quick ? (20, 500) : (50, 1000);
        var listeners = Servers * mounts * perMount;
        var window = settings.Window;
        var settle = TimeSpan.FromSeconds(settings.Quick ? PollSeconds : PollSeconds * 2);
        // 5,000 starts/s needs 250,000 listeners to stay realistic (mean session ≥ 50 s); --quick uses 1,000/s.
        var targetStarts = settings.Quick ? 1000.0 : 5000.0;
        await using var db = await BenchDatabase.CreateAsync(settings, "bench_live", ct);
        var start = DateTimeOffset.UtcNow.AddDays(-1);
        var models = Enumerable.Range(0, Servers).Select(i => new IcecastModel(mounts, perMount, 0, settings.Seed + i, start)).ToList();
        var simulators = new List<SimulatedIcecastServer>();
        foreach (var model in models)
        {
            simulators.Add(await SimulatedIcecastServer.StartAsync(model));
        }

        try
        {
            await using var node = await WebNode.StartAsync(settings, "bench_live", "web-listeners", new Dictionary<string, string>
            {
                ["Icecast:RequestTimeoutSeconds"] = "8",
                ["Icecast:MaxResponseBytes"] = (64L << 20).ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
            using var http = node.Client();
            await Task.Delay(TimeSpan.FromSeconds(5), ct); // let the idle node settle before its baseline
            var idleBytes = Machine.ResidentBytes(node.Pid);

            // 1. Ramp.
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < Servers; i++)
            {
                (await http.PutAsJsonAsync($"/api/asteroid/admin/servers/sim{i}", new
                {
                    baseUrl = simulators[i].BaseUrl.ToString().TrimEnd('/'), adminUser = "admin", adminPassword = "sim", pollIntervalSeconds = PollSeconds, enabled = true,
                }, ct)).EnsureSuccessStatusCode();
            }

            var tracked = await Eventually.Get(() => BenchDatabase.CountAsync(db, "SELECT count(*) FROM open_sessions", ct), n => n >= listeners,
                TimeSpan.FromMinutes(5), "every simulated listener is a durable open session");
            var ramp = clock.Elapsed;
            report.Add("listeners", "ramp: listeners tracked as durable open sessions", tracked, "sessions",
                note: $"{Servers} servers × {mounts} mounts × {perMount}; all tracked {ramp.TotalSeconds:N0} s after the servers were added ({tracked / ramp.TotalSeconds:N0} starts/s incl. discovery and the first poll)");

            // 2. Steady state.
            await Task.Delay(settle, ct);
            var steady = await MeasureAsync(node, http, db, window, ct);
            var expectedPolls = Servers * mounts / (double)PollSeconds;
            var keepsUp = steady.PollsPerSecond >= 0.95 * expectedPolls && steady.PollP95 < PollSeconds;
            report.Add("listeners", "concurrent listeners tracked at 10 s polling", listeners, "listeners", target: "≥ 250,000 with polls on schedule",
                met: listeners >= 250_000 && keepsUp,
                note: $"{steady.PollsPerSecond:N1} polls/s of {expectedPolls:N1} scheduled; poll p95 ≤ {steady.PollP95:0.###} s; web process CPU {steady.CpuPercent:N0} % of one core");
            var perSession = (steady.ResidentBytes - idleBytes) / (double)listeners;
            report.Add("listeners", "memory per active session", perSession, "bytes", target: "≤ 4 KB", met: perSession <= 4096,
                note: $"resident {idleBytes / 1048576.0:N0} MB idle → {steady.ResidentBytes / 1048576.0:N0} MB with {listeners:N0} sessions (whole process: grains, GC headroom)");

            // 3. Churn.
            // Replacements happen per look (one listclients poll per mount per 10 s): choose the per-second
            // leave probability so that targetStarts new connections per second are visible to polls.
            var churn = 1 - Math.Pow(1 - targetStarts * PollSeconds / listeners, 1.0 / PollSeconds);
            models.ForEach(m => m.ChurnPerSecond = churn);
            await Task.Delay(settle, ct);
            var churning = await MeasureAsync(node, http, db, window, ct);
            report.Add("listeners", "churn: session starts sustained", churning.StartsPerSecond, "starts/s", target: "≥ 5,000/s", met: churning.StartsPerSecond >= 0.95 * 5000,
                note: $"simulated {targetStarts:N0}/s (churn {churn:P1}/s per listener); poll p95 ≤ {churning.PollP95:0.###} s; CPU {churning.CpuPercent:N0} %");
            report.Add("listeners", "churn: session ends sustained, durable", churning.RowsPerSecond, "rows/s", target: "≥ 5,000/s", met: churning.RowsPerSecond >= 0.95 * 5000,
                note: $"ends counted {churning.EndsPerSecond:N0}/s; rows/s = growth of listener_sessions; buffer depth at the end {churning.BufferDepth:N0}");

            // 4. Drain and count.
            models.ForEach(m => m.ChurnPerSecond = 0);
            models.ForEach(m => m.Drain());
            await Eventually.Get(() => BenchDatabase.CountAsync(db, "SELECT count(*) FROM open_sessions", ct), n => n == 0,
                TimeSpan.FromMinutes(3), "every session is closed after the drain");
            long rows = 0;
            await Eventually.Get(async () =>
            {
                var before = rows;
                rows = await BenchDatabase.CountAsync(db, "SELECT count(*) FROM listener_sessions", ct);
                var depth = (await PrometheusScrape.TakeAsync(http, ct)).Sum("asteroid_buffer_depth");
                return depth == 0 && rows == before;
            }, settled => settled, TimeSpan.FromMinutes(3), "the write buffers are empty and listener_sessions stops growing");
            // The day grains write their rows 2 s after their last change: wait until no row moved for 5 s.
            var quietSince = DateTime.UtcNow;
            long lastVersion = -1;
            await Eventually.Get(async () =>
            {
                var version = await BenchDatabase.CountAsync(db, "SELECT coalesce(extract(epoch FROM max(updated_at)) * 1000000, 0)::bigint FROM daily_stats", ct);
                if (version != lastVersion)
                {
                    (lastVersion, quietSince) = (version, DateTime.UtcNow);
                }

                return DateTime.UtcNow - quietSince > TimeSpan.FromSeconds(5);
            }, quiet => quiet, TimeSpan.FromMinutes(2), "no day row changed for 5 s");
            var served = models.Sum(m => (long)m.ServedConnections);
            var differences = new List<string>();
            var reconciled = 0;
            for (var i = 0; i < Servers; i++)
            {
                using var response = await http.PostAsync($"/api/asteroid/admin/reconcile?station=sim{i}&date={DateTime.UtcNow:yyyy-MM-dd}", null, ct);
                response.EnsureSuccessStatusCode();
                var result = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
                reconciled += (bool)result["matched"]! ? 1 : 0;
                differences.AddRange(result["differences"]!.AsArray().Select(d => $"sim{i}: {d}"));
            }

            report.Add("listeners", "sessions lost", Math.Max(0, served - rows), "sessions", target: "0", met: served == rows,
                note: $"{served:N0} connections visible in listclients answers, {rows:N0} rows in listener_sessions ({Math.Max(0, rows - served):N0} extra); {reconciled} of {Servers} server-days reconcile with raw sessions{(differences.Count == 0 ? "" : ": " + string.Join("; ", differences))}");
        }
        finally
        {
            foreach (var simulator in simulators)
            {
                await simulator.DisposeAsync();
            }
        }
    }

    private sealed record class Window(double PollsPerSecond, double PollP95, double CpuPercent, long ResidentBytes,
        double StartsPerSecond, double EndsPerSecond, double RowsPerSecond, double BufferDepth);

    private static async Task<Window> MeasureAsync(WebNode node, HttpClient http, NpgsqlDataSource db, TimeSpan window, CancellationToken ct)
    {
        var before = await PrometheusScrape.TakeAsync(http, ct);
        var cpu = Machine.CpuSeconds(node.Pid);
        var rows = await BenchDatabase.CountAsync(db, "SELECT count(*) FROM listener_sessions", ct);
        var clock = Stopwatch.StartNew();
        await Task.Delay(window, ct);
        var after = await PrometheusScrape.TakeAsync(http, ct);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuPercent = (Machine.CpuSeconds(node.Pid) - cpu) / seconds * 100;
        var rowsAfter = await BenchDatabase.CountAsync(db, "SELECT count(*) FROM listener_sessions", ct);
        double Rate(string metric) => (after.Sum(metric) - before.Sum(metric)) / seconds;
        return new Window(Rate("asteroid_polls_total"), PrometheusScrape.HistogramPercentile(before, after, "asteroid_poll_duration_seconds", 95),
            cpuPercent, Machine.ResidentBytes(node.Pid), Rate("asteroid_sessions_started_total"), Rate("asteroid_sessions_ended_total"),
            (rowsAfter - rows) / seconds, after.Sum("asteroid_buffer_depth"));
    }
}
