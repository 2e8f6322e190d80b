namespace Asteroid.Bench.History;

/// <summary>The network the history describes: 10 stations in different time zones, each with 10
/// mounts spread over 5 servers (100 mounts). Station 0 is the biggest (Zipf-like audience shares).</summary>
public static class BenchNetwork
{
    public const int Stations = 10;
    public const int MountsPerStation = 10;
    public const int Servers = 5;

    public static readonly string[] TimeZones =
    [
        "UTC", "Europe/London", "Europe/Berlin", "America/New_York", "America/Los_Angeles",
        "Asia/Tokyo", "Australia/Sydney", "Europe/Stockholm", "America/Sao_Paulo", "Asia/Kolkata",
    ];

    public static string StationId(int station) => $"st{station:D2}";

    public static string ServerId(int mount) => $"srv{mount % Servers}";

    public static string MountPath(int station, int mount) => $"/st{station:D2}-{mount}.mp3";

    /// <summary>The station of a mount path (<see cref="MountPath"/>).</summary>
    public static int StationOf(string mountPath) => int.Parse(mountPath.AsSpan(3, 2), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The <c>Stations</c> configuration of src/Web for this network.</summary>
    public static Dictionary<string, string> StationConfiguration()
    {
        var config = new Dictionary<string, string>();
        for (var s = 0; s < Stations; s++)
        {
            config[$"Stations:{s}:Id"] = StationId(s);
            config[$"Stations:{s}:Name"] = $"Bench station {s}";
            config[$"Stations:{s}:TimeZone"] = TimeZones[s];
            for (var m = 0; m < MountsPerStation; m++)
            {
                config[$"Stations:{s}:Mounts:{m}:Server"] = ServerId(m);
                config[$"Stations:{s}:Mounts:{m}:Mount"] = MountPath(s, m);
            }
        }

        return config;
    }
}
