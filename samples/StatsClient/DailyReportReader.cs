using Asteroid.Reports;

namespace Asteroid.Samples.StatsClient;

/// <summary>A station's daily report read through the report contract of Grains.Interfaces, as
/// another service would: the same numbers <c>/api/asteroid/stats/daily</c> answers, as typed
/// records (no HTTP, no JSON).</summary>
public sealed class DailyReportReader(IClusterClient client)
{
    /// <summary>The report, or null when the cluster knows no such station.</summary>
    public async Task<DailyReport?> ReadAsync(string station, DateOnly from, DateOnly to)
    {
        var result = await client.GetGrain<IReportGrain>(IReportGrain.Key).Daily(new ReportRequest(station, null, null, from, to));
        return result.Report;
    }

    /// <summary>Prints one line per day: date, sessions, distinct listeners, listening minutes, AQH.</summary>
    public async Task PrintAsync(string station, DateOnly from, DateOnly to, TextWriter output)
    {
        if (await ReadAsync(station, from, to) is not { } report)
        {
            await output.WriteLineAsync($"no station '{station}'");
            return;
        }

        foreach (var day in report.Days)
        {
            var m = day.Metrics;
            await output.WriteLineAsync($"{day.Date:yyyy-MM-dd}\t{m.Sessions}\t{m.UniqueListeners}\t{m.ListenMinutes}\t{m.Aqh}");
        }

        await output.WriteLineAsync($"total\t{report.Total.Sessions}\t{report.Total.UniqueListeners}\t{report.Total.ListenMinutes}\t{report.Total.Aqh}");
    }
}
