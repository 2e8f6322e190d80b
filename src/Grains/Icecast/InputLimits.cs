namespace Asteroid.Icecast;

/// <summary>Bounds on values that come from outside (hooks, imported logs, station settings). A value
/// outside them is refused where it enters, with a reason, so it never reaches the aggregates (a
/// session of 300 years, or ending on 9999-12-31, cannot be counted into days).</summary>
public static class InputLimits
{
    /// <summary>The longest listening session accepted: a year and a day.</summary>
    public const long MaxSessionSeconds = 366L * 24 * 3600;

    /// <summary>Nothing happened before this (Icecast itself is from 1998).</summary>
    public static readonly DateTimeOffset Earliest = new(1995, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How far ahead of this node's clock a time may be (clock skew between hosts).</summary>
    public static readonly TimeSpan FutureSlack = TimeSpan.FromDays(1);

    /// <summary>Longest line read from an access log; longer lines are rejected unread.</summary>
    public const int MaxLogLineLength = 16 * 1024;

    /// <summary>Largest body of an Icecast hook call (they are a few hundred bytes).</summary>
    public const long MaxHookBodyBytes = 64 * 1024;

    /// <summary>Longest referrer read (from listclients, hooks or logs) before its host is taken.</summary>
    public const int MaxRefererChars = 2048;

    /// <summary>Fields in a hook body (Icecast sends about ten).</summary>
    public const int MaxHookFields = 64;

    /// <summary>Why a session of these times is refused, or null when it is acceptable.</summary>
    public static string? CheckSession(DateTimeOffset start, DateTimeOffset end, DateTimeOffset now)
    {
        if (start < Earliest)
        {
            return $"starts before {Earliest:yyyy-MM-dd}";
        }

        if (end > now + FutureSlack)
        {
            return "ends in the future";
        }

        return end < start ? "ends before it starts" : (end - start).TotalSeconds > MaxSessionSeconds ? $"lasts longer than {MaxSessionSeconds} s" : null;
    }
}
