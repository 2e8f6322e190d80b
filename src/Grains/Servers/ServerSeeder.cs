using Asteroid.Icecast;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Asteroid.Servers;

/// <summary>When the silo becomes active, creates the servers of <c>Icecast:Servers</c> (or updates
/// those whose configuration entry changed since it was last applied).</summary>
internal sealed partial class ServerSeeder(IGrainFactory grains, IOptions<IcecastOptions> options, ILogger<ServerSeeder> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ServerSeeder), ServiceLifecycleStage.Active, SeedAsync, _ => Task.CompletedTask);

    private async Task SeedAsync(CancellationToken ct)
    {
        foreach (var server in options.Value.Servers)
        {
            try
            {
                await grains.GetGrain<IIcecastServerGrain>(server.Id).Seed(new IcecastServerSettings(
                    server.BaseUrl!, server.AdminUser, server.AdminPassword, server.PollIntervalSeconds, server.Enabled));
                LogSeeded(server.Id, server.BaseUrl!);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSeedFailed(ex, server.Id);
            }
        }
    }

    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "Server {ServerId} from configuration: {BaseUrl}")]
    private partial void LogSeeded(string serverId, Uri baseUrl);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Error, Message = "Could not create server {ServerId} from configuration")]
    private partial void LogSeedFailed(Exception exception, string serverId);
}
