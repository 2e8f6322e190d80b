namespace Asteroid.Stations;

/// <summary>The contract over this silo's <see cref="StationResolver"/>.</summary>
[StatelessWorker, Reentrant, GrainType("station-lookup")]
public sealed class StationLookupGrain(StationResolver resolver) : Grain, IStationLookupGrain
{
    public async Task<StationDefinition?> Find(string id) => await resolver.FindAsync(id);

    public Task Refresh()
    {
        resolver.Invalidate();
        return Task.CompletedTask;
    }
}
