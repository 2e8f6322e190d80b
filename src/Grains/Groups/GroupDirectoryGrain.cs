namespace Asteroid.Groups;

[GenerateSerializer, Alias("asteroid.group-directory-state")]
public sealed class GroupDirectoryState
{
    [Id(0)] public long Version { get; set; }

    [Id(1)] public List<GroupDefinition> Groups { get; set; } = [];
}

[GrainType("group-directory")]
public sealed class GroupDirectoryGrain(
    [PersistentState("groups", StorageNames.Default)] IPersistentState<GroupDirectoryState> state)
    : Grain, IGroupDirectoryGrain
{
    public async Task Put(GroupDefinition group)
    {
        state.State.Groups.RemoveAll(g => g.Id == group.Id);
        state.State.Groups.Add(group);
        state.State.Groups.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        state.State.Version++;
        await state.WriteStateAsync();
    }

    public async Task<bool> Remove(string id)
    {
        if (state.State.Groups.RemoveAll(g => g.Id == id) == 0)
        {
            return false;
        }

        state.State.Version++;
        await state.WriteStateAsync();
        return true;
    }

    public Task<GroupList> List() => Task.FromResult(new GroupList(state.State.Version, [.. state.State.Groups]));
}
