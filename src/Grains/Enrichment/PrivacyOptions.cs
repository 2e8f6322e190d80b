namespace Asteroid.Enrichment;

/// <summary>Configuration section <c>Privacy</c>.</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>Secret of the listener key HMAC (≥ 16 characters). Required outside Development;
    /// ./run.sh generates one into .data/hash-key. Changing it changes every listener key.</summary>
    public string? HashKey { get; set; }

    /// <summary><c>ip+ua</c> (default): one listener per address and user agent, as the IAB audio
    /// guidelines count; <c>ip</c>: one listener per address.</summary>
    public string ListenerKey { get; set; } = "ip+ua";
}
