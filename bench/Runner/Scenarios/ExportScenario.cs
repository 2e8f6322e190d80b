using System.Diagnostics;
using Asteroid.Bench.History;
using Asteroid.Bench.Infrastructure;

namespace Asteroid.Bench.Scenarios;

/// <summary>The sessions dataset exported as CSV over HTTP from a running src/Web: rows per second
/// as the client receives them, and the web process's peak resident memory above its level before
/// the export (sampled every 20 ms) — for a 30-day and a whole-year export of the biggest station,
/// so flat memory shows as the same peak for 10× the rows.</summary>
public static class ExportScenario
{
    public static async Task RunAsync(BenchSettings settings, Report report, CancellationToken ct)
    {
        await (await HistoryScenario.OpenLoadedAsync(settings, ct)).DisposeAsync();
        await using var node = await WebNode.StartAsync(settings, HistoryScenario.Database, "web-export", BenchNetwork.StationConfiguration());
        using var http = node.Client(TimeSpan.FromMinutes(10));
        var (firstDay, lastDay) = HistoryScenario.Year;
        foreach (var (name, from) in new[] { ("30 days", lastDay.AddDays(-29)), ("365 days", firstDay) })
        {
            var url = $"/api/asteroid/stats/export?dataset=sessions&format=csv&station={BenchNetwork.StationId(0)}&from={from:yyyy-MM-dd}&to={lastDay:yyyy-MM-dd}";
            List<double> rates = [], peaks = [];
            long rows = 0;
            for (var run = -1; run < settings.Repetitions; run++)
            {
                await using var memory = new Machine.MemorySampler(node.Pid);
                var clock = Stopwatch.StartNew();
                rows = await CountLinesAsync(http, url, ct) - 1; // minus the header
                var elapsed = clock.Elapsed;
                await memory.DisposeAsync();
                if (run >= 0)
                {
                    rates.Add(rows / elapsed.TotalSeconds);
                    peaks.Add((memory.Peak - memory.Start) / 1048576.0);
                }
            }

            report.Add("export", $"sessions CSV, {name}: rows/s", Stats.Median(rates), "rows/s", target: "≥ 200,000 rows/s", met: Stats.Median(rates) >= 200_000,
                note: $"{rows:N0} rows, median of {settings.Repetitions}");
            // Flat: what the export adds does not grow with the rows (buffered, 2.8 M rows would be ≈ 500 MB).
            report.Add("export", $"sessions CSV, {name}: peak memory above idle", Stats.Median(peaks), "MB", target: "flat (≤ 64 MB whatever the rows)",
                met: Stats.Median(peaks) <= 64, note: "resident set of the web process, sampled every 20 ms");
        }
    }

    private static async Task<long> CountLinesAsync(HttpClient http, string url, CancellationToken ct)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[1 << 16];
        long lines = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, ct)) > 0)
        {
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }

        return lines;
    }
}
