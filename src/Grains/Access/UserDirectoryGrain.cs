namespace Asteroid.Access;

[GenerateSerializer, Alias("asteroid.user-state")]
public sealed class UserDirectoryState
{
    [Id(0)] public long Version { get; set; }

    [Id(1)] public List<UserAccount> Users { get; set; } = [];
}

/// <summary>Keeps the users in grain storage (PostgreSQL), as the API-key directory does its keys.
/// Names are unique without regard to case.</summary>
[GrainType("users")]
public sealed class UserDirectoryGrain(
    [PersistentState("users", StorageNames.Default)] IPersistentState<UserDirectoryState> state)
    : Grain, IUserDirectoryGrain
{
    public async Task<UserAccount?> Put(UserAccount user)
    {
        var index = state.State.Users.FindIndex(u => string.Equals(u.Name, user.Name, StringComparison.OrdinalIgnoreCase));
        var previous = index >= 0 ? state.State.Users[index] : null;
        if (previous is null && user.PasswordHash is null)
        {
            throw new ArgumentException("a new user needs a password hash", nameof(user));
        }

        var stored = user with { Name = previous?.Name ?? user.Name, PasswordHash = user.PasswordHash ?? previous!.PasswordHash };
        if (index >= 0)
        {
            state.State.Users[index] = stored;
        }
        else
        {
            state.State.Users.Add(stored);
        }

        state.State.Version++;
        await state.WriteStateAsync();
        return previous;
    }

    public async Task<UserAccount?> Remove(string name)
    {
        var previous = state.State.Users.Find(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase));
        if (previous is null)
        {
            return null;
        }

        state.State.Users.Remove(previous);
        state.State.Version++;
        await state.WriteStateAsync();
        return previous;
    }

    public async Task<bool> ReplaceHash(string name, string expected, string replacement)
    {
        var index = state.State.Users.FindIndex(u => u.Name == name);
        if (index < 0 || state.State.Users[index].PasswordHash != expected)
        {
            return false;
        }

        state.State.Users[index] = state.State.Users[index] with { PasswordHash = replacement };
        state.State.Version++;
        await state.WriteStateAsync();
        return true;
    }

    public Task<UserList> List() => Task.FromResult(new UserList(state.State.Version, [.. state.State.Users]));
}
