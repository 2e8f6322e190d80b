using System.Diagnostics;
using Asteroid.Bench.Infrastructure;
using Asteroid.Bench.Scenarios;

// ./bench.sh starts PostgreSQL and builds; this runs the scenarios in order and writes
// results.md / results.json into --out. See BENCHMARKS.md for what each figure means.
var settings = BenchSettings.Parse(args);
var report = new Report(settings);
var clock = Stopwatch.StartNew();
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

// Named only: reaggregate and upgrade have work only on a history written by an older release.
(string Name, Func<BenchSettings, Report, CancellationToken, Task> Run, bool NamedOnly)[] scenarios =
[
    ("writes", WriteScenario.RunAsync, false),
    ("history", HistoryScenario.RunAsync, false),
    ("reaggregate", HistoryScenario.ReaggregateAsync, true),
    ("upgrade", UpgradeScenario.RunAsync, true),
    ("queries", QueryScenario.RunAsync, false),
    ("tracks", TracksScenario.RunAsync, false),
    ("shows", ShowsScenario.RunAsync, false),
    ("regroup", RegroupScenario.RunAsync, false),
    ("export", ExportScenario.RunAsync, false),
    ("listeners", ListenersScenario.RunAsync, false),
    ("live", LiveLatencyScenario.RunAsync, false),
];

var failed = false;
foreach (var (name, run, _) in scenarios.Where(s => s.NamedOnly ? settings.Only.Contains(s.Name) : settings.Runs(s.Name)))
{
    Report.Log($"scenario {name}");
    try
    {
        await run(settings, report, cancel.Token);
    }
    catch (Exception ex) when (ex is not OperationCanceledException)
    {
        Report.Log($"scenario {name} FAILED: {ex}");
        failed = true;
    }
}

await report.WriteAsync(clock.Elapsed);
return failed ? 1 : 0;
