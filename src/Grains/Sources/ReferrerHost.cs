namespace Asteroid.Sources;

/// <summary>What is kept of a <c>Referer</c>: its host only, lower case, without <c>www.</c>, port,
/// path, query or user info (a query string can carry a listener's search or an id). An Android app
/// referrer (<c>android-app://com.example.radio/</c>) keeps its package name. Anything else (a
/// relative value, another scheme, an address literal) is no host: null.</summary>
public static class ReferrerHost
{
    public const int MaxLength = 253;

    public static string? Of(string? referer)
    {
        if (string.IsNullOrWhiteSpace(referer) || referer == "-")
        {
            return null;
        }

        if (!Uri.TryCreate(referer.Trim(), UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https" or "android-app")
            || uri.HostNameType is not (UriHostNameType.Dns or UriHostNameType.Basic))
        {
            return null;
        }

        var host = uri.IdnHost.TrimEnd('.').ToLowerInvariant();
        if (host.StartsWith("www.", StringComparison.Ordinal))
        {
            host = host[4..];
        }

        return host.Length is 0 or > MaxLength || !host.Contains('.') && uri.Scheme != "android-app" ? null : host;
    }
}
