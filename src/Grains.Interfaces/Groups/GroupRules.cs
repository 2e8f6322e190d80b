namespace Asteroid.Groups;

/// <summary>The rules a group follows (the admin API checks them; that every station exists is
/// checked there too, against the stations of the moment).</summary>
public static class GroupRules
{
    public const int MaxNameLength = 200;
    public const int MaxStations = 1000;
    public const int MaxGroups = 1000;

    public static Dictionary<string, string[]> Check(string id, string? name, string? timeZone, IReadOnlyList<string?>? stations)
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
        }
        else if (timeZone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
        {
            errors["timeZone"] = [$"'{timeZone}' is not an IANA time zone (such as Europe/Berlin or America/New_York)"];
        }

        var list = stations ?? [];
        if (list.Count > MaxStations)
        {
            errors["stations"] = [$"a group has at most {MaxStations} stations"];
        }
        else if (list.Any(s => !Icecast.ServerIds.IsValid(s)))
        {
            errors["stations"] = [$"each station is a station id: {Icecast.ServerIds.Rule}"];
        }
        else if (list.Distinct(StringComparer.Ordinal).Count() != list.Count)
        {
            errors["stations"] = ["a station is listed twice"];
        }

        return errors;
    }
}
