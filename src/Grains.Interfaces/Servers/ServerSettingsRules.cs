namespace Asteroid.Icecast;

/// <summary>The rules a server's settings follow, shared by configuration validation and the admin API.</summary>
public static class ServerSettingsRules
{
    public const int MinPollSeconds = 1;
    public const int MaxPollSeconds = 3600;

    public static string? CheckBaseUrl(Uri? url) => url switch
    {
        null => "is required",
        { IsAbsoluteUri: false } => "must be an absolute URL such as http://127.0.0.1:8000",
        { Scheme: not ("http" or "https") } => "must use http or https",
        { UserInfo.Length: > 0 } => "must not contain credentials: use adminUser and adminPassword",
        _ => null,
    };

    public static string? CheckPollInterval(int seconds) =>
        seconds is < MinPollSeconds or > MaxPollSeconds ? $"must be between {MinPollSeconds} and {MaxPollSeconds} seconds" : null;
}
