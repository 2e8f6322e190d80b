using Asteroid.Hls;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Asteroid.Silo.Seeding;

/// <summary>When the silo becomes active, starts the HLS sources of <c>Hls:Sources</c> (each grain keeps
/// itself polling with its reminder afterwards).</summary>
internal sealed partial class HlsSourceSeeder(IGrainFactory grains, IOptions<HlsOptions> options, ILogger<HlsSourceSeeder> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(HlsSourceSeeder), ServiceLifecycleStage.Active, StartAsync, _ => Task.CompletedTask);

    private async Task StartAsync(CancellationToken ct)
    {
        foreach (var source in options.Value.Sources)
        {
            try
            {
                await grains.GetGrain<IHlsSourceGrain>(source.Id).EnsurePolling();
            }
            catch (Exception ex)
            {
                LogStartFailed(ex, source.Id);
            }
        }
    }

    [LoggerMessage(EventId = 1310, Level = LogLevel.Error, Message = "HLS source {SourceId} could not be started; its reminder or the next start tries again")]
    private partial void LogStartFailed(Exception exception, string sourceId);
}
