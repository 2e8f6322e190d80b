using Asteroid.Sessions;

namespace Asteroid.Analytics;

/// <summary>A finished session as the aggregates see it: whole seconds (start floored, end = start +
/// duration), the listener as a 64-bit hash of its key, and the breakdown attributes (the traffic
/// source ones, referrer host and player kind, added later with defaults).</summary>
[GenerateSerializer, Immutable, Alias("asteroid.session-fact")]
public sealed record class SessionFact(
    [property: Id(0)] Guid SessionId,
    [property: Id(1)] ulong Listener,
    [property: Id(2)] long Start,
    [property: Id(3)] long End,
    [property: Id(4)] bool IsBot,
    [property: Id(5)] string Server,
    [property: Id(6)] string Mount,
    [property: Id(7)] string? CountryCode,
    [property: Id(8)] string? Region,
    [property: Id(9)] string? City,
    [property: Id(10)] string Player,
    [property: Id(11)] string Os,
    [property: Id(12)] string Device,
    [property: Id(13)] string? ReferrerHost = null,
    [property: Id(14)] string PlayerKind = "unknown")
{
    public const int QualifyingSeconds = 60;

    public long Duration => End - Start;

    /// <summary>At least 60 s and not a bot.</summary>
    public bool Qualifies => !IsBot && Duration >= QualifyingSeconds;

    public static SessionFact From(FinishedSession s)
    {
        var start = s.StartedAt.ToUnixTimeSeconds();
        return new SessionFact(s.SessionId, ListenerHash(s.Profile.ListenerKey), start, start + s.DurationSeconds, s.Profile.IsBot,
            s.Server, s.Mount, s.Profile.CountryCode, s.Profile.Region, s.Profile.City, s.Profile.Player, s.Profile.Os, s.Profile.Device,
            s.Profile.ReferrerHost, s.Profile.PlayerKind);
    }

    /// <summary>The first 8 bytes of the (already uniformly random) hex listener key.</summary>
    public static ulong ListenerHash(string listenerKey) =>
        listenerKey.Length >= 16 && ulong.TryParse(listenerKey.AsSpan(0, 16), System.Globalization.NumberStyles.HexNumber, null, out var hash)
            ? hash
            : BitConverter.ToUInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(listenerKey)), 0);
}
