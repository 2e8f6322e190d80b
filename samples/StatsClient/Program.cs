using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Asteroid.Samples.StatsClient;

/// <summary>Prints the listeners per mount as the cluster knows them, read as an Orleans client:
/// <c>ConnectionStrings__Asteroid=… dotnet run --project samples/StatsClient</c>; with <c>--follow</c>
/// it then prints the live events (<see cref="LiveEvents"/>) until Ctrl-C.</summary>
public static class StatsClientProgram
{
    public static async Task Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.AddAsteroidClient();
        using var host = builder.Build();
        await host.StartAsync();

        var mounts = await new StatsReader(host.Services.GetRequiredService<IClusterClient>()).CurrentAsync();
        foreach (var m in mounts.OrderBy(m => m.Server, StringComparer.Ordinal).ThenBy(m => m.Mount, StringComparer.Ordinal))
        {
            Console.WriteLine($"{m.Server}{m.Mount}\t{m.Listeners}\t{m.Status}");
        }

        Console.WriteLine($"total\t{mounts.Sum(m => m.Listeners)}");
        if (builder.Configuration["daily"] is { Length: > 0 } station) // --daily <station>: today's daily report (UTC date)
        {
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            await new DailyReportReader(host.Services.GetRequiredService<IClusterClient>()).PrintAsync(station, today.AddDays(-6), today, Console.Out);
        }

        if (args.Contains("--follow"))
        {
            await LiveEvents.PrintAsync(host.Services.GetRequiredService<IClusterClient>(),
                host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        }

        await host.StopAsync();
    }
}
