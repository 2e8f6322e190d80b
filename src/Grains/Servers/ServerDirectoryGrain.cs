namespace Asteroid.Servers;

[GenerateSerializer, Alias("asteroid.server-directory-state")]
public sealed class ServerDirectoryState
{
    [Id(0)] public SortedSet<string> ServerIds { get; set; } = new(StringComparer.Ordinal);
}

[GrainType("server-directory")]
public sealed class ServerDirectoryGrain(
    [PersistentState("directory", StorageNames.Default)] IPersistentState<ServerDirectoryState> state)
    : Grain, IServerDirectoryGrain
{
    public async Task Add(string serverId)
    {
        if (state.State.ServerIds.Add(serverId))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task Remove(string serverId)
    {
        if (state.State.ServerIds.Remove(serverId))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> List() => Task.FromResult<IReadOnlyList<string>>([.. state.State.ServerIds]);
}
