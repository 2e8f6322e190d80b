using Asteroid.Sources;

namespace Asteroid.Tests.Sources;

public sealed class TrafficSourcesTests
{
    [Theory]
    // Browsers on a station's own site: web players.
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "radio-example.org", PlayerKinds.Web)]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0", null, PlayerKinds.Web)]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "m.facebook.com", PlayerKinds.Web)]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0", null, PlayerKinds.Web)]
    // A browser on a directory's site is that directory's web player.
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15", "tunein.com", PlayerKinds.Directory)]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36", "radio.garden", PlayerKinds.Directory)]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36", "de.radio.net", PlayerKinds.Directory)]
    // Directories' own apps.
    [InlineData("TuneIn Radio/34.4.1 (Android 14; SM-S918B; Java)", null, PlayerKinds.Directory)]
    [InlineData("radio.de/5.21.0 (iPhone; iOS 17.4; Scale/3.00)", null, PlayerKinds.Directory)]
    [InlineData("myTuner Radio/8.1.2 (Android 13)", null, PlayerKinds.Directory)]
    [InlineData("Replaio/3.2 (Android)", null, PlayerKinds.Directory)]
    // Smart speakers and speaker systems.
    [InlineData("AlexaMediaPlayer/2.1.4676.0 (Linux;Android 5.1.1) ExoPlayerLib/1.5.9", null, PlayerKinds.SmartSpeaker)]
    [InlineData("Linux UPnP/1.0 Sonos/79.1-54250 (ZPS23)", null, PlayerKinds.SmartSpeaker)]
    [InlineData("Mozilla/5.0 (X11; Linux armv7l) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36 CrKey/1.56.500000 DeviceType/AudioReceiver", null, PlayerKinds.SmartSpeaker)]
    [InlineData("AppleCoreMedia/1.0.0.21L227 (HomePod; U; CPU OS 17_4 like Mac OS X; en_us)", null, PlayerKinds.SmartSpeaker)]
    [InlineData("Bose/SoundTouch 28.0.3", null, PlayerKinds.SmartSpeaker)]
    // Media players and stream tools.
    [InlineData("VLC/3.0.18 LibVLC/3.0.18", null, PlayerKinds.MediaPlayer)]
    [InlineData("Lavf/60.16.100", null, PlayerKinds.MediaPlayer)]
    [InlineData("mpv 0.37.0", null, PlayerKinds.MediaPlayer)]
    [InlineData("WinampMPEG/5.9, Ultravox/2.1", null, PlayerKinds.MediaPlayer)]
    [InlineData("foobar2000/2.1", null, PlayerKinds.MediaPlayer)]
    [InlineData("iTunes/12.12.10 (Windows; Microsoft Windows 10 x64) AppleWebKit/7613.2007.1014.14", null, PlayerKinds.MediaPlayer)]
    [InlineData("Kodi/20.2 (Linux; Android 11.0; SHIELD Android TV) Android/11.0.0 Sys_CPU/aarch64 App_Bitness/64 Version/20.2-(20.2.0)-Git:20230629-5f418d0b13", null, PlayerKinds.MediaPlayer)]
    [InlineData("Music Player Daemon 0.23.12", null, PlayerKinds.MediaPlayer)]
    [InlineData("GStreamer souphttpsrc 1.22.0 libsoup/3.2.2", null, PlayerKinds.MediaPlayer)]
    // Apps: HTTP libraries of phone apps, app names with a platform, in-app browsers.
    [InlineData("okhttp/4.12.0", null, PlayerKinds.App)]
    [InlineData("ExoPlayerLib/2.18.7", null, PlayerKinds.App)]
    [InlineData("Dalvik/2.1.0 (Linux; U; Android 13; Pixel 7 Build/TQ3A.230901.001)", null, PlayerKinds.App)]
    [InlineData("stagefright/1.2 (Linux;Android 9)", null, PlayerKinds.App)]
    [InlineData("AppleCoreMedia/1.0.0.21F90 (iPhone; U; CPU OS 17_5 like Mac OS X; en_us)", null, PlayerKinds.App)]
    [InlineData("RadioExample/3.2.1 CFNetwork/1494.0.7 Darwin/23.4.0", null, PlayerKinds.App)]
    [InlineData("MyStation/3.2 (iPhone; iOS 17.5; Scale/3.00)", null, PlayerKinds.App)]
    [InlineData("Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/UQ1A.240205.004; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/121.0.6167.178 Mobile Safari/537.36", null, PlayerKinds.App)]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/450.0.0.38.108;FBBV/564431005]", "facebook.com", PlayerKinds.App)]
    // Nothing to go on, or bots.
    [InlineData("Unknown", null, PlayerKinds.Unknown)]
    [InlineData("", null, PlayerKinds.Unknown)]
    [InlineData(null, null, PlayerKinds.Unknown)]
    [InlineData("-", "tunein.com", PlayerKinds.Directory)]
    [InlineData("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", null, PlayerKinds.Unknown)]
    [InlineData("UptimeRobot/2.0 (http://www.uptimerobot.com/)", null, PlayerKinds.Unknown)]
    [InlineData("XFFTester/1.0", null, PlayerKinds.Unknown)]
    public void Player_kind_from_agent_and_referrer(string? agent, string? referrerHost, string expected) =>
        Assert.Equal(expected, PlayerKindClassifier.Classify(agent, referrerHost));

    private static readonly string[] SomeAgents = ["VLC/3", "okhttp/4", "Sonos/1", "TuneIn/1", "Mozilla/5.0 (X11) Firefox/1", "x"];

    [Fact]
    public void Every_kind_it_gives_is_a_known_kind() =>
        Assert.All(SomeAgents, a => Assert.Contains(PlayerKindClassifier.Classify(a, null), PlayerKinds.All));

    [Theory]
    [InlineData("https://www.radio-example.org/player?utm_source=news&x=1", "radio-example.org")]
    [InlineData("http://tunein.com/radio/s12345/", "tunein.com")]
    [InlineData("https://user:secret@Player.Example:8443/a#b", "player.example")]
    [InlineData("https://m.facebook.com/", "m.facebook.com")]
    [InlineData("https://bücher.example/", "xn--bcher-kva.example")]
    [InlineData("android-app://com.google.android.gm/", "com.google.android.gm")]
    [InlineData("https://example.org./x", "example.org")]
    public void A_referrer_keeps_only_its_host(string referer, string host) => Assert.Equal(host, ReferrerHost.Of(referer));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("/relative/path")]
    [InlineData("ftp://files.example/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("http://192.0.2.7/page")]
    [InlineData("http://[2001:db8::1]/")]
    [InlineData("http://localhost/")]
    [InlineData("not a url")]
    public void A_referrer_without_a_public_host_is_none(string? referer) => Assert.Null(ReferrerHost.Of(referer));
}
