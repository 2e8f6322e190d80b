using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Asteroid.Access;

/// <summary>Deletes audit entries older than <c>Audit:Days</c> at start and then once a day (every
/// silo does it; the delete is idempotent).</summary>
public sealed partial class AuditRetention(AuditStore audit, ILogger<AuditRetention> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var deleted = await audit.PruneAsync(stoppingToken);
                if (deleted > 0)
                {
                    LogPruned(deleted);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogPruneFailed(ex);
            }

            try
            {
                await Task.Delay(TimeSpan.FromHours(24), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    [LoggerMessage(EventId = 2401, Level = LogLevel.Information, Message = "Deleted {Count} audit entries older than Audit:Days")]
    private partial void LogPruned(int count);

    [LoggerMessage(EventId = 2402, Level = LogLevel.Warning, Message = "Could not delete old audit entries; retrying in a day")]
    private partial void LogPruneFailed(Exception exception);
}
