namespace Asteroid.Live;

/// <summary>Silo-local batcher: mount grains hand it changes; it forwards them to every registered
/// web node in one call per short window instead of one call per change.</summary>
[Alias("asteroid.live-push")]
public interface ILivePushGrain : IGrainWithIntegerKey
{
    [OneWay, Alias("publish")]
    Task Publish(MountCountChange change);
}
