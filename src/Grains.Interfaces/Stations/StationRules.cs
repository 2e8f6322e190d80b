namespace Asteroid.Stations;

/// <summary>The rules a station follows, for configuration and the admin API alike.</summary>
public static class StationRules
{
    public const int MaxNameLength = 200;
    public const int MaxMounts = 1000;
    public const int MaxMountLength = 1024;

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
        else if (name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            errors["name"] = [$"name is at most {MaxNameLength} characters, without control characters"];
        }

        if (timeZone is { Length: > 100 })
        {
            errors["timeZone"] = ["timeZone is at most 100 characters"];
            timeZone = null;
        }

        if (timeZone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
        {
            errors["timeZone"] = [$"'{timeZone}' is not an IANA time zone (such as Europe/Berlin or America/New_York)"];
        }

        var bad = (mounts ?? []).Where(m => !Icecast.ServerIds.IsValid(m.Server) || !Reports.ReportRules.IsValidMount(m.Mount)).ToList();
        if ((mounts?.Count ?? 0) > MaxMounts)
        {
            errors["mounts"] = [$"a station has at most {MaxMounts} mounts"];
        }
        else if (bad.Count > 0)
        {
            errors["mounts"] = [.. bad.Take(20).Select(m => $"'{Shorten(m.Server)}' '{Shorten(m.Mount)}': server is a server id and mount starts with '/' (at most {MaxMountLength} characters, no control characters)")];
        }
        else if ((mounts ?? []).Distinct().Count() != (mounts ?? []).Count)
        {
            errors["mounts"] = ["a mount is listed twice"];
        }

        return errors;
    }

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 80 ? text : text[..80] + "…";
}
