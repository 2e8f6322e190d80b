using Asteroid.Analytics;
using Asteroid.Reports;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Asteroid.Shows;

/// <summary>Every <see cref="ShowOptions.FillIntervalSeconds"/>, stores the audience (net and gross)
/// of the episodes of every station with shows that ended in the last <see cref="ShowOptions.FillDays"/>
/// days and are not stored at their current version, so that /stats/shows normally reads only
/// stored rows (<see cref="ShowReports.FillAsync"/>). Runs on every silo; two silos storing the same
/// episode store the same numbers.</summary>
public sealed partial class EpisodeAudienceJob(
    EpisodeAudienceStore store, ScopeResolver resolver, DaypartResolver dayparts, ShowReports reports, IOptions<ShowOptions> options, TimeProvider time,
    ILogger<EpisodeAudienceJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.FillIntervalSeconds == 0 || !options.Value.StoreEpisodes)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.FillIntervalSeconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await FillAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass over the stations with shows; returns how many episodes it computed and stored.</summary>
    public async Task<int> FillAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var computed = 0;
        foreach (var station in await store.StationsWithShowsAsync(ct))
        {
            // Ranges of at most the report's limit, from the oldest day to look at up to tomorrow (UTC; the station's local days lie within one day of it).
            for (var from = today.AddDays(-options.Value.FillDays); from <= today.AddDays(1); from = from.AddDays(IShowReportGrain.MaxDays))
            {
                var to = from.AddDays(IShowReportGrain.MaxDays - 1);
                to = to > today.AddDays(1) ? today.AddDays(1) : to;
                foreach (var net in (bool[])[true, false])
                {
                    var (scope, _) = await resolver.ResolveAsync(new ReportRequest(station, null, null, from, to, Traffic: net ? Traffic.Net : Traffic.Gross));
                    if (scope is null)
                    {
                        continue;
                    }

                    var (schedule, _, _) = await dayparts.ResolveAsync(scope, null);
                    if (schedule is not null)
                    {
                        computed += await reports.FillAsync(scope, schedule, net, ct);
                    }
                }
            }
        }

        if (computed > 0)
        {
            LogFilled(computed);
        }

        return computed;
    }

    [LoggerMessage(EventId = 3510, Level = LogLevel.Information, Message = "Stored the audience of {Count} ended show episodes")]
    private partial void LogFilled(int count);

    [LoggerMessage(EventId = 3511, Level = LogLevel.Warning, Message = "Storing the audience of ended show episodes failed; it is tried again at the next interval")]
    private partial void LogFailed(Exception exception);
}
