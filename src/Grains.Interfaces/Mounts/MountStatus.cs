namespace Asteroid.Mounts;

/// <summary>Why a mount's numbers are (or are not) current. These strings are part of the API.</summary>
public static class MountStatus
{
    /// <summary>Not polled yet.</summary>
    public const string Pending = "pending";
    /// <summary>Last poll succeeded.</summary>
    public const string Ok = "ok";
    /// <summary>Icecast answered 401: wrong admin user or password.</summary>
    public const string Unauthorized = "unauthorized";
    /// <summary>Icecast answered 403, usually "connection limit reached".</summary>
    public const string Forbidden = "forbidden";
    /// <summary>The mount has no source (400 "Source does not exist") or left listmounts.</summary>
    public const string Offline = "offline";
    /// <summary>No answer within the timeout.</summary>
    public const string Timeout = "timeout";
    /// <summary>Connection refused, DNS failure, reset.</summary>
    public const string Unreachable = "unreachable";
    /// <summary>The answer was not the XML Icecast sends.</summary>
    public const string Malformed = "malformed";
    /// <summary>The answer was larger than the configured cap.</summary>
    public const string Oversized = "oversized";
    /// <summary>Any other HTTP status.</summary>
    public const string HttpError = "http-error";
    /// <summary>The server is disabled by an admin.</summary>
    public const string Disabled = "disabled";
}
