using Asteroid.Live;

namespace Asteroid.Web.Live;

/// <summary>Keeps this web node subscribed to live changes: renews its observer with the registry
/// grain every few seconds (the registry forgets silent nodes after a minute).</summary>
public sealed partial class LiveObserverRegistration(
    IGrainFactory grains, HubLiveStatsObserver observer, ILogger<LiveObserverRegistration> logger) : BackgroundService
{
    private static readonly TimeSpan Renewal = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reference = grains.CreateObjectReference<ILiveStatsObserver>(observer);
        var registry = grains.GetGrain<ILiveObserverRegistryGrain>(ILiveObserverRegistryGrain.Key);
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await registry.Subscribe(reference);
                if (failing)
                {
                    LogSubscribed();
                }

                failing = false;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                if (!failing)
                {
                    LogSubscribeFailed(ex);
                }

                failing = true;
            }

            try
            {
                await Task.Delay(failing ? TimeSpan.FromSeconds(1) : Renewal, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        try
        {
            await registry.Unsubscribe(reference);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The registry drops us after its expiry anyway.
            LogSubscribeFailed(ex);
        }
    }

    [LoggerMessage(EventId = 2000, Level = LogLevel.Warning, Message = "Could not subscribe this web node to live changes; retrying")]
    private partial void LogSubscribeFailed(Exception exception);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Subscribed to live changes")]
    private partial void LogSubscribed();
}

public static class LivePushHostingExtensions
{
    public static IHostApplicationBuilder AddAsteroidLivePush(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<HubLiveStatsObserver>();
        builder.Services.AddHostedService<LiveObserverRegistration>();
        return builder;
    }
}
