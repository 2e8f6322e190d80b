namespace Asteroid.Servers;

/// <summary>How to reach one Icecast server's admin interface. The password never leaves the silo
/// through the API: <see cref="IcecastServerView"/> is what callers get back. <see cref="TimeZone"/>:
/// the IANA zone the server scope's days are counted in (null: UTC).</summary>
[GenerateSerializer, Immutable, Alias("asteroid.server-settings")]
public sealed record class IcecastServerSettings(
    [property: Id(0)] Uri BaseUrl,
    [property: Id(1)] string AdminUser,
    [property: Id(2)] string AdminPassword,
    [property: Id(3)] int PollIntervalSeconds,
    [property: Id(4)] bool Enabled,
    [property: Id(5)] string? TimeZone = null)
{
    public const int DefaultPollIntervalSeconds = 10;

    public TimeSpan PollInterval => TimeSpan.FromSeconds(PollIntervalSeconds);
}
