using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Asteroid.Alerts;

/// <summary>Runs on every silo: every <c>Alerts:DeliveryPollSeconds</c> claims the deliveries that are
/// due (<see cref="AlertStore.ClaimDueAsync"/>: a lease, so two silos never send one at once), sends
/// each, and records the attempt with its answer: delivered, pending again after
/// <see cref="DeliveryBackoff"/>, or failed once the retries are over. A silo that stops mid-send
/// leaves the delivery leased; it is due again when the lease ends. Alerts and report runs share this
/// queue. It also starts the evaluator and report scheduler grains.</summary>
public sealed partial class AlertDeliveryWorker(
    AlertStore store, WebhookSender webhooks, EmailSender email, IGrainFactory grains, IOptions<AlertOptions> options, TimeProvider time,
    ILogger<AlertDeliveryWorker> logger) : BackgroundService
{
    private const int BatchSize = 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = false;
        DateTimeOffset? pruned = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!started)
                {
                    await grains.GetGrain<IAlertEvaluatorGrain>(IAlertEvaluatorGrain.Key).EnsureRunning();
                    await grains.GetGrain<ScheduledReports.IReportSchedulerGrain>(ScheduledReports.IReportSchedulerGrain.Key).EnsureRunning();
                    started = true;
                }

                if (pruned is null || time.GetUtcNow() - pruned > TimeSpan.FromDays(1))
                {
                    var deleted = await store.PruneAsync(time.GetUtcNow().AddDays(-options.Value.HistoryDays), stoppingToken);
                    pruned = time.GetUtcNow();
                    if (deleted > 0)
                    {
                        LogPruned(logger, deleted, options.Value.HistoryDays);
                    }
                }

                while (await RunOnceAsync(stoppingToken) == BatchSize)
                {
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogWorkerFailed(logger, e);
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(options.Value.DeliveryPollSeconds), time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Sends what is due now; returns how many were claimed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var o = options.Value;
        var lease = TimeSpan.FromSeconds(o.RequestTimeoutSeconds + 20);
        var due = await store.ClaimDueAsync(BatchSize, lease, ct);
        await Task.WhenAll(due.Select(d => DeliverAsync(d, ct)));
        return due.Count;
    }

    private async Task DeliverAsync(DueDelivery delivery, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        var at = time.GetUtcNow();
        if (delivery.SecretError is { } unreadable)
        {
            await store.RecordAttemptAsync(delivery.Id, new AlertAttempt(at, null, null, unreadable, 0), AlertDeliveryStatus.Failed, null, CancellationToken.None);
            LogGaveUp(logger, delivery.Id, delivery.Owner, delivery.Channel, delivery.Attempts + 1, unreadable);
            return;
        }

        SendResult result;
        try
        {
            result = delivery.Channel == "email" ? await email.SendAsync(delivery, ct) : await webhooks.SendAsync(delivery, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever a sender did not foresee (an address MimeKit refuses at send time...) is a
            // failed attempt of this delivery, retried with backoff, never a stuck lease.
            result = new SendResult(false, null, null, $"{ex.GetType().Name}: {ex.Message}");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The silo stops mid-send: give the delivery back now rather than when its lease ends.
            // Whether the receiver saw this attempt is unknown; the next one carries the same
            // X-Asteroid-Delivery id, so a receiver can tell a repeat.
            await store.ReleaseAsync(delivery.Id, CancellationToken.None);
            throw;
        }

        var attempt = new AlertAttempt(at, result.StatusCode, result.Answer, result.Error, Math.Round(time.GetElapsedTime(started).TotalSeconds, 3));
        if (result.Accepted)
        {
            await store.RecordAttemptAsync(delivery.Id, attempt, AlertDeliveryStatus.Delivered, null, CancellationToken.None);
            LogDelivered(logger, delivery.Id, delivery.Owner, delivery.Channel, delivery.Attempts + 1);
            return;
        }

        var next = DeliveryBackoff.Next(delivery.Attempts + 1, delivery.CreatedAt, time.GetUtcNow(), options.Value, delivery.Channel == "webhook" ? result.StatusCode : null);
        await store.RecordAttemptAsync(delivery.Id, attempt, next is null ? AlertDeliveryStatus.Failed : AlertDeliveryStatus.Pending, next, CancellationToken.None);
        var why = result.Error ?? $"answered {result.StatusCode}";
        if (next is null)
        {
            LogGaveUp(logger, delivery.Id, delivery.Owner, delivery.Channel, delivery.Attempts + 1, why);
        }
        else
        {
            LogRetrying(logger, delivery.Id, delivery.Owner, delivery.Channel, why, next.Value);
        }
    }

    [LoggerMessage(EventId = 2610, Level = LogLevel.Information, Message = "Alert delivery {Delivery} of rule {Rule} ({Channel}) accepted after {Attempts} attempt(s)")]
    private static partial void LogDelivered(ILogger logger, long delivery, string rule, string channel, int attempts);

    [LoggerMessage(EventId = 2611, Level = LogLevel.Warning, Message = "Alert delivery {Delivery} of rule {Rule} ({Channel}) failed: {Why}; next attempt at {Next:O}")]
    private static partial void LogRetrying(ILogger logger, long delivery, string rule, string channel, string why, DateTimeOffset next);

    [LoggerMessage(EventId = 2612, Level = LogLevel.Error, Message = "Alert delivery {Delivery} of rule {Rule} ({Channel}) given up after {Attempts} attempt(s): {Why}")]
    private static partial void LogGaveUp(ILogger logger, long delivery, string rule, string channel, int attempts, string why);

    [LoggerMessage(EventId = 2614, Level = LogLevel.Information, Message = "Deleted {Count} fired alerts older than Alerts:HistoryDays ({Days})")]
    private static partial void LogPruned(ILogger logger, int count, int days);

    [LoggerMessage(EventId = 2613, Level = LogLevel.Warning, Message = "Alert deliveries could not be read or recorded (PostgreSQL or the cluster unavailable); retrying")]
    private static partial void LogWorkerFailed(ILogger logger, Exception exception);
}
