using Asteroid.Stations;
using Orleans.Streams;

namespace Asteroid.Events;

/// <summary>Sends batches to the streams of <see cref="AsteroidStreams"/> (one queue-grain call per
/// batch). A finished session learns its station here, off the mount grain's poll, like the session
/// grain does before it writes the row.</summary>
public sealed class OrleansEventStreams(IClusterClient client, StationResolver stations) : IEventStreams
{
    private IStreamProvider? _provider;

    private IStreamProvider Provider => _provider ??= client.GetStreamProvider(AsteroidStreams.Provider);

    public Task SendAsync(IReadOnlyList<MountEvent> events) =>
        Provider.GetStream<MountEvent>(AsteroidStreams.Mounts).OnNextBatchAsync(events);

    public async Task SendAsync(IReadOnlyList<SessionEvent> events)
    {
        var withStations = new List<SessionEvent>(events.Count);
        foreach (var e in events)
        {
            withStations.Add(e.Finished is { Station: null } f
                ? SessionEvent.Finish(f with { Station = (await stations.ResolveAsync(f.Server, f.Mount)).Id })
                : e);
        }

        await Provider.GetStream<SessionEvent>(AsteroidStreams.Sessions).OnNextBatchAsync(withStations);
    }
}
