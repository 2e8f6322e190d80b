using System.Security.Cryptography;
using System.Text;

namespace Asteroid.Stations;

[GenerateSerializer, Alias("asteroid.station-directory-state")]
public sealed class StationDirectoryState
{
    [Id(0)] public long Version { get; set; }

    [Id(1)] public List<StationDefinition> Stations { get; set; } = [];

    /// <summary>Station id → fingerprint of the configuration entry last seeded.</summary>
    [Id(2)] public Dictionary<string, string> Seeded { get; set; } = [];
}

[GrainType("station-directory")]
public sealed class StationDirectoryGrain(
    [PersistentState("stations", StorageNames.Default)] IPersistentState<StationDirectoryState> state)
    : Grain, IStationDirectoryGrain
{
    public async Task<string?> Put(StationDefinition station)
    {
        var taken = state.State.Stations
            .Where(s => s.Id != station.Id)
            .SelectMany(s => s.Mounts.Select(m => (Mount: m, Station: s.Id)))
            .FirstOrDefault(x => station.Mounts.Contains(x.Mount));
        if (taken.Station is not null)
        {
            return $"{taken.Mount.Server}{taken.Mount.Mount} already belongs to station '{taken.Station}'";
        }

        state.State.Stations.RemoveAll(s => s.Id == station.Id);
        state.State.Stations.Add(station with { Implicit = false });
        state.State.Stations.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        state.State.Version++;
        await state.WriteStateAsync();
        return null;
    }

    public async Task Seed(StationDefinition station)
    {
        var fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{station.Name}\n{station.TimeZone}\n{string.Join('\n', station.Mounts.Select(m => m.Server + m.Mount))}")));
        if (state.State.Seeded.GetValueOrDefault(station.Id) == fingerprint)
        {
            return;
        }

        state.State.Seeded[station.Id] = fingerprint;
        await Put(station);
    }

    public async Task<bool> Remove(string id)
    {
        if (state.State.Stations.RemoveAll(s => s.Id == id) == 0)
        {
            return false;
        }

        state.State.Version++;
        await state.WriteStateAsync();
        return true;
    }

    public Task<StationList> List() => Task.FromResult(new StationList(state.State.Version, [.. state.State.Stations]));
}
