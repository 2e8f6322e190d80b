namespace Asteroid.Stations;

/// <summary>Configuration section <c>Stations</c>: an array of
/// <c>{ "id", "name", "timeZone", "mounts": [{ "server", "mount" }] }</c>, created at start-up.</summary>
public sealed class StationConfig
{
    public string Id { get; set; } = "";

    public string? Name { get; set; }

    public string TimeZone { get; set; } = StationDefinition.DefaultTimeZone;

    public List<StationMountConfig> Mounts { get; set; } = [];
}

public sealed class StationMountConfig
{
    public string Server { get; set; } = "";

    public string Mount { get; set; } = "";
}
