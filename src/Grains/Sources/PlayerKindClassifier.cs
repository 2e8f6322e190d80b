namespace Asteroid.Sources;

/// <summary>Classifies a listener by user agent and referrer host into a <see cref="PlayerKinds"/>
/// value. Pure rules, checked in this order: a smart speaker's agent; a directory's app agent or a
/// referrer on a directory's site (a browser on tunein.com is TuneIn's web player); a media player or
/// stream tool; a mobile or desktop app (HTTP libraries of apps, app names with an OS comment); a
/// browser; else unknown.</summary>
public static class PlayerKindClassifier
{
    private static readonly string[] SmartSpeakers =
    [
        "AlexaMediaPlayer", "Alexa", "Echo/", "Amazon Echo", "Sonos", "HomePod", "Google-Speech", "GoogleHome", "Google Home",
        "Nest Audio", "CrKey", "Bose", "Libratone", "Denon", "HEOS", "Yamaha", "MusicCast", "Bluesound", "BluOS", "Frontier Silicon",
        "FSL IR", "UNDOK", "Roberts", "Pure Jongo", "SqueezeCenter", "Squeezebox", "Logitech Media Server", "Lyrion",
    ];

    private static readonly string[] DirectoryAgents =
    [
        "TuneIn", "radio.de", "radio.net", "radio.fr", "radio.at", "radio.it", "radio.es", "radio.pt", "radio.dk", "radio.se", "radio.pl",
        "RadioNet", "radio.garden", "Radio Garden", "RadioGarden", "Streema", "myTuner", "Radioline", "Replaio", "Simple Radio",
        "Radio Browser", "RadioDroid", "Audials", "iHeartRadio", "Radioplayer", "Radio FM", "Onlineradiobox", "Laut.fm", "laut.fm",
        "Surfmusik", "phonostar", "vTuner", "Reciva", "RadioBox",
    ];

    private static readonly string[] DirectoryHosts =
    [
        "tunein.com", "radio.garden", "radio.net", "radio.de", "radio.fr", "radio.at", "radio.it", "radio.es", "radio.pt", "radio.dk",
        "radio.se", "radio.pl", "streema.com", "mytuner-radio.com", "onlineradiobox.com", "radio-browser.info", "laut.fm",
        "surfmusik.de", "internet-radio.com", "shoutcast.com", "dir.xiph.org", "radioline.co", "iheart.com", "radioplayer.co.uk",
        "radiosure.com", "fmstream.org", "radio.org.se", "liveradio.ie", "radiomap.eu", "phonostar.de", "vtuner.com",
    ];

    private static readonly string[] MediaPlayers =
    [
        "VLC", "LibVLC", "Lavf", "ffmpeg", "ffplay", "mpv", "MPlayer", "Winamp", "foobar2000", "iTunes", "QuickTime",
        "Windows-Media-Player", "NSPlayer", "WMFSDK", "Kodi", "XBMC", "Music Player Daemon", "MPD", "GStreamer", "Lavc", "Audacious",
        "Clementine", "Strawberry", "Rhythmbox", "Amarok", "AIMP", "MusicBee", "XMPlay", "RealMedia", "Plex", "Jellyfin", "Emby",
        "Roku", "BASS/", "mpg123", "Streamripper", "curl/", "Wget",
    ];

    private static readonly string[] AppMarkers =
    [
        "okhttp", "Dalvik", "ExoPlayer", "stagefright", "AndroidXMedia3", "CFNetwork", "AppleCoreMedia", "Darwin/", "NSURLSession",
        "Alamofire", "AVPlayer", "Electron", "Dart/", "ReactNative", "react-native", "Flutter", "Cordova", "Capacitor",
    ];

    private static readonly string[] Browsers = ["Firefox/", "Chrome/", "Safari/", "Edg/", "OPR/", "Opera", "MSIE ", "Trident/", "SamsungBrowser"];

    public static string Classify(string? userAgent, string? referrerHost)
    {
        var agent = userAgent?.Trim() ?? "";
        if (agent.Length == 0 || agent is "-" or "Unknown")
        {
            return referrerHost is { } h && IsDirectoryHost(h) ? PlayerKinds.Directory : PlayerKinds.Unknown;
        }

        if (IsBot(agent))
        {
            return PlayerKinds.Unknown;
        }

        if (ContainsAny(agent, SmartSpeakers))
        {
            return PlayerKinds.SmartSpeaker;
        }

        if (ContainsAny(agent, DirectoryAgents) || (referrerHost is { } host && IsDirectoryHost(host)))
        {
            return PlayerKinds.Directory;
        }

        var browser = agent.StartsWith("Mozilla/", StringComparison.Ordinal) && ContainsAny(agent, Browsers);
        if (!browser && ContainsAny(agent, MediaPlayers))
        {
            return PlayerKinds.MediaPlayer;
        }

        if (ContainsAny(agent, AppMarkers) || (browser && IsWebView(agent)))
        {
            return PlayerKinds.App;
        }

        if (browser)
        {
            return PlayerKinds.Web;
        }

        // "MyStation/3.2 (iPhone; iOS 17.5)": an app naming itself with its platform.
        return ContainsAny(agent, ["iPhone", "iPad", "iOS", "Android", "Windows", "Macintosh", "Mac OS"]) ? PlayerKinds.App : PlayerKinds.Unknown;
    }

    /// <summary>A directory's site or one of its subdomains (<c>de.radio.net</c>, <c>m.tunein.com</c>).</summary>
    public static bool IsDirectoryHost(string host) =>
        DirectoryHosts.Any(d => host.Equals(d, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + d, StringComparison.OrdinalIgnoreCase));

    /// <summary>An in-app browser: Android WebView (<c>; wv)</c>), Facebook/Instagram in-app browsers.</summary>
    private static bool IsWebView(string agent) =>
        agent.Contains("; wv)", StringComparison.Ordinal) || ContainsAny(agent, ["FBAN/", "FBAV/", "Instagram", "Line/"]);

    private static bool IsBot(string agent) => ContainsAny(agent, ["bot", "Bot", "spider", "crawler", "Crawler", "monitor", "Monitor", "check_http", "UptimeRobot"]);

    private static bool ContainsAny(string agent, string[] needles) => needles.Any(n => agent.Contains(n, StringComparison.OrdinalIgnoreCase));
}
