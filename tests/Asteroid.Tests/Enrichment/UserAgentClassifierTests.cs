using Asteroid.Enrichment;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Asteroid.Tests.Enrichment;

public sealed class UserAgentClassifierTests
{
    private static readonly UserAgentClassifier Classifier = new(Options.Create(new UserAgentOptions()), NullLogger<UserAgentClassifier>.Instance);

    [Theory]
    [InlineData("VLC/3.0.18 LibVLC/3.0.18", "VLC", "desktop", false)]
    [InlineData("Winamp/5.9", "Winamp", "desktop", false)]
    [InlineData("iTunes/12.12 (Windows; Microsoft Windows 10 x64) AppleWebKit/7613.2007.1014.14 (dt:2)", "iTunes", "desktop", false)]
    [InlineData("foobar2000/2.1", "foobar2000", "desktop", false)]
    [InlineData("AppleCoreMedia/1.0.0.21E230 (iPhone; U; CPU OS 17_4 like Mac OS X; en_us)", "AppleCoreMedia", "mobile", false)]
    [InlineData("Sonos/79.1-56030 (ZPS23)", "Sonos", "smart-speaker", false)]
    [InlineData("AlexaMediaPlayer/2.1.4676.0 (Linux;Android 5.1.1) ExoPlayerLib/1.5.9", "Alexa", "smart-speaker", false)]
    [InlineData("TuneIn Radio/27.5.0; iPhone14,5; iOS/17.2.1", "TuneIn", "mobile", false)]
    [InlineData("Lavf/59.27.100", "FFmpeg", "desktop", false)]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0", "Firefox", "desktop", false)]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1", "Mobile Safari", "mobile", false)]
    [InlineData("curl/7.88.1", "curl", "bot", true)]
    [InlineData("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "Googlebot", "bot", true)]
    [InlineData("Icecast 2.4.4", "Relay", "bot", true)]
    [InlineData("Unknown", "Unknown", "other", false)]
    public void Players_devices_and_bots_are_recognised(string agent, string player, string device, bool isBot)
    {
        var info = Classifier.Classify(agent);

        Assert.Equal((player, device, isBot), (info.Player, info.Device, info.IsBot));
    }

    [Fact]
    public void The_os_comes_from_ua_parser()
    {
        Assert.Equal("iOS", Classifier.Classify("AppleCoreMedia/1.0.0.21E230 (iPhone; U; CPU OS 17_4 like Mac OS X; en_us)").Os);
        Assert.Equal("Linux", Classifier.Classify("Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0").Os);
    }

    [Fact]
    public void A_huge_hostile_agent_is_classified_without_hanging()
    {
        var hostile = "Mozilla/5.0 (" + new string('(', 50_000) + new string('a', 50_000);

        var info = Classifier.Classify(hostile);

        Assert.NotNull(info.Player);
    }

    [Fact]
    public void Results_are_cached_per_agent()
    {
        Assert.Same(Classifier.Classify("Winamp/5.9"), Classifier.Classify("Winamp/5.9"));
    }
}
