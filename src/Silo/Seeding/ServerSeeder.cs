using Asteroid.Icecast;
using Asteroid.Servers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Asteroid.Silo.Seeding;

/// <summary>When the silo becomes active, creates the servers of <c>Icecast:Servers</c> (or updates
/// those whose configuration entry changed since it was last applied).</summary>
internal sealed partial class ServerSeeder(
    IGrainFactory grains, IOptions<IcecastOptions> options, IOptions<List<Stations.StationConfig>> stations, ILogger<ServerSeeder> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ServerSeeder), ServiceLifecycleStage.Active, SeedAsync, _ => Task.CompletedTask);

    private async Task SeedAsync(CancellationToken ct)
    {
        foreach (var station in stations.Value)
        {
            var mounts = station.Mounts.Select(m => new Stations.StationMount(m.Server, m.Mount)).ToList();
            var errors = Stations.StationRules.Check(station.Id, station.Name ?? station.Id, station.TimeZone, mounts);
            if (errors.Count > 0)
            {
                LogStationInvalid(station.Id, string.Join("; ", errors.SelectMany(e => e.Value)));
                continue;
            }

            await grains.GetGrain<Stations.IStationDirectoryGrain>(Stations.IStationDirectoryGrain.Key)
                .Seed(new Stations.StationDefinition(station.Id, station.Name ?? station.Id, station.TimeZone, mounts));
        }

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

    [LoggerMessage(EventId = 1402, Level = LogLevel.Error, Message = "Station {StationId} in configuration is not valid and was not created: {Errors}")]
    private partial void LogStationInvalid(string stationId, string errors);

    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "Server {ServerId} from configuration: {BaseUrl}")]
    private partial void LogSeeded(string serverId, Uri baseUrl);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Error, Message = "Could not create server {ServerId} from configuration")]
    private partial void LogSeedFailed(Exception exception, string serverId);
}
