namespace Asteroid.Sessions;

/// <summary>How a session was observed; the <c>source</c> column of <c>listener_sessions</c>.</summary>
public static class SessionSources
{
    public const string Poll = "poll";
    public const string Hook = "hook";
    public const string Import = "import";
}
