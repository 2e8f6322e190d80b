namespace Asteroid.Enrichment;

/// <summary>What a user agent says: player (or browser) family, OS family, device type, bot flag.
/// Device types: desktop, mobile, tablet, smart-speaker, tv, car, bot, other.</summary>
public sealed record class UserAgentInfo(string Player, string Os, string Device, bool IsBot);
