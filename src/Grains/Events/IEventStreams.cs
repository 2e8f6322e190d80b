namespace Asteroid.Events;

/// <summary>Where <see cref="EventPublisher"/> sends its batches: the Orleans streams
/// (<see cref="OrleansEventStreams"/>), or a fake in tests.</summary>
public interface IEventStreams
{
    Task SendAsync(IReadOnlyList<MountEvent> events);

    Task SendAsync(IReadOnlyList<SessionEvent> events);
}
