using Asteroid.Events;
using Microsoft.AspNetCore.SignalR;
using Orleans.Streams;

namespace Asteroid.Web.Live;

/// <summary>Forwards each <see cref="TrackChanged"/> of the mount stream to browsers:
/// <c>trackChanged</c> <c>{server, mount, artist, title, startedAt}</c> to the mount's group, the
/// "all" group (admins) and the group of the mount's station (callers scoped to stations). Subscribes this web node to the stream (and again after a failure, every few
/// seconds); the stream is notification only, <c>/stats/now-playing</c> is the truth.</summary>
public sealed partial class TrackChangeRelay(IClusterClient client, IHubContext<StatsHub> hub, Access.AccessRulesSource access, ILogger<TrackChangeRelay> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        StreamSubscriptionHandle<MountEvent>? handle = null;
        while (handle is null && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                handle = await client.GetStreamProvider(AsteroidStreams.Provider).GetStream<MountEvent>(AsteroidStreams.Mounts)
                    .SubscribeAsync((e, _) => OnEventAsync(e));
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogSubscribeFailed(ex);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }

        if (handle is not null)
        {
            try
            {
                await handle.UnsubscribeAsync();
            }
            catch (Exception ex)
            {
                LogSubscribeFailed(ex); // the subscription dies with this node's client anyway
            }
        }
    }

    private async Task OnEventAsync(MountEvent e)
    {
        if (e is TrackChanged t)
        {
            var message = new TrackChangedMessage(t.Server, t.Mount, t.Artist, t.Title, t.StartedAt);
            await hub.Clients.Group(StatsHub.MountGroup(t.Server, t.Mount)).SendAsync(StatsHub.TrackChanged, message);
            await hub.Clients.Group(StatsHub.AllGroup).SendAsync(StatsHub.TrackChanged, message);
            try
            {
                var station = (await access.CurrentAsync()).StationOfMount(t.Server, t.Mount);
                await hub.Clients.Group(StatsHub.StationGroup(station)).SendAsync(StatsHub.TrackChanged, message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogStationUnknown(ex, t.Server, t.Mount); // now-playing stays the truth for scoped callers
            }
        }
    }

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "Could not subscribe this web node to track changes; retrying")]
    private partial void LogSubscribeFailed(Exception exception);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "Could not find the station of {Server}{Mount} for its track change; station-scoped clients miss this one")]
    private partial void LogStationUnknown(Exception exception, string server, string mount);
}

/// <summary>What browsers receive as <c>trackChanged</c>.</summary>
public sealed record class TrackChangedMessage(string Server, string Mount, string? Artist, string Title, DateTimeOffset StartedAt);
