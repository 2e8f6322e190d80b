namespace Asteroid.Icecast;

/// <summary>A parsed answer, or the mount status (see <see cref="Mounts.MountStatus"/>) and a
/// human-readable cause. Causes never contain listener data.</summary>
public readonly record struct IcecastResult<T>(T? Value, string Status, string? Detail)
{
    public bool IsSuccess => Status == Mounts.MountStatus.Ok;

    public static IcecastResult<T> Success(T value) => new(value, Mounts.MountStatus.Ok, null);

    public static IcecastResult<T> Failure(string status, string detail) => new(default, status, detail);
}
