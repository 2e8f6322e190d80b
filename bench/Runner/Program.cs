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

(string Name, Func<BenchSettings, Report, CancellationToken, Task> Run)[] scenarios =
[
    ("writes", WriteScenario.RunAsync),
    ("history", HistoryScenario.RunAsync),
    ("reaggregate", HistoryScenario.ReaggregateAsync),
    ("upgrade", UpgradeScenario.RunAsync),
    ("queries", QueryScenario.RunAsync),
    ("tracks", TracksScenario.RunAsync),
    ("regroup", RegroupScenario.RunAsync),
    ("export", ExportScenario.RunAsync),
    ("listeners", ListenersScenario.RunAsync),
    ("live", LiveLatencyScenario.RunAsync),
];

var failed = false;
foreach (var (name, run) in scenarios.Where(s => settings.Runs(s.Name)))
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
