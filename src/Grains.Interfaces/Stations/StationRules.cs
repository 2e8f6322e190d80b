namespace Asteroid.Stations;

/// <summary>The rules a station follows, for configuration and the admin API alike.</summary>
public static class StationRules
{
    public static Dictionary<string, string[]> Check(string id, string? name, string? timeZone, IReadOnlyList<StationMount>? mounts)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Icecast.ServerIds.IsValid(id))
        {
            errors["id"] = [Icecast.ServerIds.Rule];
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            errors["name"] = ["name is required"];
        }

        if (timeZone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
        {
            errors["timeZone"] = [$"'{timeZone}' is not an IANA time zone (such as Europe/Berlin or America/New_York)"];
        }

        var bad = (mounts ?? []).Where(m => !Icecast.ServerIds.IsValid(m.Server) || string.IsNullOrEmpty(m.Mount) || m.Mount[0] != '/').ToList();
        if (bad.Count > 0)
        {
            errors["mounts"] = [.. bad.Select(m => $"'{m.Server}' '{m.Mount}': server is a server id and mount starts with '/'")];
        }
        else if ((mounts ?? []).Distinct().Count() != (mounts ?? []).Count)
        {
            errors["mounts"] = ["a mount is listed twice"];
        }

        return errors;
    }
}
