using System.Text.RegularExpressions;

namespace Asteroid.Enrichment;

/// <summary>The project's own table of radio players, smart speakers and relays, checked before the
/// general ua-parser rules and the crawler list (which, for example, flags <c>curl</c> and misses
/// most audio players). First match wins.</summary>
internal static partial class RadioPlayers
{
    /// <param name="Device">smart-speaker, tv and car are kept whatever the OS; otherwise the device
    /// the OS implies wins, and this is the fallback when the agent names no OS (null: "other").</param>
    public sealed record class Rule(Regex Pattern, string Player, string? Device, bool IsBot = false);

    public static IReadOnlyList<Rule> Rules { get; } =
    [
        // Relays and stream tools are not audiences.
        new(Rx(@"^Icecast|^Shoutcast|SHOUTcast|^Liquidsoap|^butt/|^ices/|^darkice"), "Relay", "other", IsBot: true),
        // Smart speakers and home audio.
        new(Rx(@"Sonos"), "Sonos", "smart-speaker"),
        new(Rx(@"AlexaMediaPlayer|Echo/|^Alexa(?!bot)|AmazonEcho"), "Alexa", "smart-speaker"),
        new(Rx(@"Google-?Home|CrKey|Google-Speech|GoogleChromecast"), "Google Cast", "smart-speaker"),
        new(Rx(@"HEOS|Denon|Marantz"), "HEOS", "smart-speaker"),
        new(Rx(@"BluOS|Bluesound"), "BluOS", "smart-speaker"),
        new(Rx(@"Bose"), "Bose", "smart-speaker"),
        new(Rx(@"Yamaha|MusicCast"), "MusicCast", "smart-speaker"),
        new(Rx(@"Squeezebox|SqueezePlay|Logitech Media Server|Lyrion"), "Squeezebox", "smart-speaker"),
        new(Rx(@"Roku"), "Roku", "tv"),
        new(Rx(@"AppleTV|tvOS"), "Apple TV", "tv"),
        new(Rx(@"Kodi|XBMC"), "Kodi", "tv"),
        new(Rx(@"CarPlay|Android ?Auto"), "Car audio", "car"),
        // Radio apps and aggregators.
        new(Rx(@"TuneIn"), "TuneIn", null),
        new(Rx(@"radio\.?garden", RegexOptions.IgnoreCase), "Radio Garden", null),
        new(Rx(@"RadioDroid"), "RadioDroid", "mobile"),
        new(Rx(@"Radioline"), "Radioline", null),
        new(Rx(@"radio\.de|radio\.net|radio\.fr", RegexOptions.IgnoreCase), "radio.net", null),
        new(Rx(@"myTuner"), "myTuner", null),
        new(Rx(@"Streema"), "Streema", null),
        new(Rx(@"iHeartRadio"), "iHeartRadio", null),
        new(Rx(@"Deezer"), "Deezer", null),
        // Desktop and mobile players.
        new(Rx(@"^VLC/|LibVLC"), "VLC", "desktop"),
        new(Rx(@"^Winamp|WinampMPEG|Nullsoft"), "Winamp", "desktop"),
        new(Rx(@"^iTunes/"), "iTunes", "desktop"),
        new(Rx(@"foobar2000"), "foobar2000", "desktop"),
        new(Rx(@"^(NSPlayer|Windows-Media-Player|WMPlayer)"), "Windows Media Player", "desktop"),
        new(Rx(@"AppleCoreMedia"), "AppleCoreMedia", null),
        new(Rx(@"ExoPlayer"), "ExoPlayer", "mobile"),
        new(Rx(@"stagefright"), "Android MediaPlayer", "mobile"),
        new(Rx(@"^Lavf/|^FFmpeg|^ffplay"), "FFmpeg", "desktop"),
        new(Rx(@"^MPlayer|^mpv"), "mpv", "desktop"),
        new(Rx(@"Music Player Daemon|^MPD"), "MPD", "desktop"),
        new(Rx(@"Audacious|Clementine|Strawberry|Rhythmbox|Amarok|Quod Libet|Exaile|Lollypop"), "Desktop player", "desktop"),
        new(Rx(@"^GStreamer|gvfs"), "GStreamer", "desktop"),
    ];

    private static Regex Rx(string pattern, RegexOptions options = RegexOptions.None) =>
        new(pattern, options | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50));
}
