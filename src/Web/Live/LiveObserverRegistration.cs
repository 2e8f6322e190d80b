using Asteroid.Live;
using Asteroid.Web.Stats;

namespace Asteroid.Web.Live;

/// <summary>Keeps this web node subscribed to live changes: renews its observer with the registry
/// grain every few seconds (the registry forgets silent nodes after a minute), and after each
/// renewal resyncs browsers with the mounts' real state, so a missed push is repaired within one
/// renewal interval.</summary>
public sealed partial class LiveObserverRegistration(
    IGrainFactory grains, HubLiveStatsObserver observer, LiveStatsReader reader, TimeProvider time, ILogger<LiveObserverRegistration> logger)
    : BackgroundService
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
                var readStartedAt = time.GetTimestamp();
                var mounts = await reader.ReadMountsAsync();
                var repaired = observer.Resync(mounts.Mounts, readStartedAt);
                if (repaired > 0)
                {
                    LogResynced(repaired);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Anything but our own stop, including a grain call cancelled while a silo dies: a
                // background service that throws stops the whole host.
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
        catch (Exception ex)
        {
            // The registry drops us after its expiry anyway.
            LogSubscribeFailed(ex);
        }
    }

    [LoggerMessage(EventId = 2000, Level = LogLevel.Warning, Message = "Could not subscribe this web node to live changes or read the mounts to resync; retrying")]
    private partial void LogSubscribeFailed(Exception exception);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "Live resync sent {Count} mount states that no push had delivered")]
    private partial void LogResynced(int count);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Subscribed to live changes")]
    private partial void LogSubscribed();
}

public static class LivePushHostingExtensions
{
    public static IHostApplicationBuilder AddAsteroidLivePush(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<HubLiveStatsObserver>();
        builder.Services.AddHostedService<LiveObserverRegistration>();
        builder.Services.AddHostedService<TrackChangeRelay>();
        return builder;
    }
}
