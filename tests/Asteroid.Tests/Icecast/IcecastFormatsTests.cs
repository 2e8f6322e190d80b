using System.Net;
using Asteroid.Icecast;
using Asteroid.Servers;

namespace Asteroid.Tests.Icecast;

/// <summary>Icecast 2.5 and Icecast-KH documents. Icecast 2.5 does not build here (its submodules
/// cannot be fetched), so these documents are written from the servers' source code; their file
/// names say <c>from-source</c>.</summary>
public sealed class IcecastFormatsTests
{
    [Theory]
    [InlineData("Icecast 2.4.4", IcecastServerKind.Icecast, "2.4.4")]
    [InlineData("Icecast 2.4.0", IcecastServerKind.Icecast, "2.4.0")]
    [InlineData("Icecast 2.5.0", IcecastServerKind.Icecast25, "2.5.0")]
    [InlineData("Icecast 2.5.0-rc2", IcecastServerKind.Icecast25, "2.5.0-rc2")]
    [InlineData("Icecast 2.5-beta3", IcecastServerKind.Icecast25, "2.5-beta3")]
    [InlineData("Icecast 2.4.0-kh22", IcecastServerKind.IcecastKh, "2.4.0-kh22")]
    [InlineData(" Icecast 2.4.0-kh8 ", IcecastServerKind.IcecastKh, "2.4.0-kh8")]
    [InlineData("Icecast 3.0.1", IcecastServerKind.Icecast25, "3.0.1")]
    public void Server_id_gives_the_kind_and_version(string serverId, string kind, string version) =>
        Assert.Equal((kind, version), IcecastServerKind.Parse(serverId));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("My Radio Server")]
    [InlineData("Shoutcast 2.6")]
    [InlineData("Icecast")]
    public void A_server_id_that_does_not_say_is_unknown(string? serverId) =>
        Assert.Equal((IcecastServerKind.Unknown, (string?)null), IcecastServerKind.Parse(serverId));

    [Fact]
    public void Admin_stats_of_2_5_says_2_5()
    {
        var stats = AdminStatsParser.Parse(Open("admin-stats-2.5-from-source.xml"));

        Assert.Equal("Icecast 2.5.0-rc2", stats.ServerId);
        Assert.Equal((IcecastServerKind.Icecast25, "2.5.0-rc2"), stats.Kind);
        Assert.Equal(3, stats.SourceListeners["/live.mp3"]);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero), stats.ServerStart);
        Assert.Contains("/live.mp3", stats.UrlAuthenticated!);
    }

    [Fact]
    public void Recorded_2_4_4_admin_stats_says_2_4()
    {
        var stats = AdminStatsParser.Parse(File.OpenRead(Support.SharedData.Sample("04-several.admin-stats.xml")));

        Assert.Equal(IcecastServerKind.Icecast, stats.Kind.Kind);
        Assert.StartsWith("2.4", stats.Kind.Version);
    }

    [Fact]
    public void Lower_case_2_5_listclients_is_read_with_referrer_and_without_the_geoip_counts()
    {
        var document = ListClientsParser.Parse(Open("listclients-2.5-from-source.xml"));

        Assert.Equal("/live.mp3", document.Mount);
        Assert.Equal(3, document.ReportedListeners); // not the per-country <listeners> of <geoip>
        Assert.Equal([41L, 42L, 45L], document.Listeners.Select(l => l.Id));
        var first = document.Listeners[0];
        Assert.Equal(IPAddress.Parse("203.0.113.7"), first.Ip);
        Assert.StartsWith("Mozilla/5.0 (Windows NT 10.0", first.UserAgent);
        Assert.Equal("https://www.radio-example.org/player?utm_source=news&x=1", first.Referer);
        Assert.Equal(125, first.ConnectedSeconds);
        Assert.Equal(IPAddress.Parse("2001:db8::42"), document.Listeners[1].Ip);
        Assert.Equal("VLC/3.0.20 LibVLC/3.0.20", document.Listeners[1].UserAgent);
        Assert.Null(document.Listeners[1].Referer);
        Assert.Equal(9, document.Listeners[1].ConnectedSeconds);
        Assert.Equal("Unknown", document.Listeners[2].UserAgent); // 2.5 leaves <useragent> out when the client sent none
    }

    [Fact]
    public void Legacy_mode_2_5_listclients_reads_the_same_listeners()
    {
        var document = ListClientsParser.Parse(Open("listclients-2.5-legacy-from-source.xml"));

        Assert.Equal(1, document.ReportedListeners);
        var listener = Assert.Single(document.Listeners);
        Assert.Equal((41L, "Lavf/60.16.100", 300L, "http://tunein.com/radio/s12345/"), (listener.Id, listener.UserAgent, listener.ConnectedSeconds, listener.Referer));
    }

    [Fact]
    public void Kh_listclients_reads_its_Referer_and_ignores_lag()
    {
        var document = ListClientsParser.Parse(Open("listclients-kh-from-source.xml"));

        Assert.Equal(2, document.ReportedListeners);
        Assert.Equal([7L, 8L], document.Listeners.Select(l => l.Id));
        Assert.Equal("https://m.facebook.com/", document.Listeners[0].Referer);
        Assert.Equal(61, document.Listeners[0].ConnectedSeconds);
        Assert.Null(document.Listeners[1].Referer);
        Assert.StartsWith("AlexaMediaPlayer/", document.Listeners[1].UserAgent);
    }

    [Fact]
    public void A_listener_known_only_by_its_id_attribute_keeps_it()
    {
        var xml = "<icestats><source mount=\"/a\"><listeners>1</listeners><listener id=\"9\"><ip>192.0.2.1</ip><connected>1</connected></listener></source></icestats>"u8.ToArray();

        Assert.Equal(9, Assert.Single(ListClientsParser.Parse(new MemoryStream(xml)).Listeners).Id);
    }

    [Fact]
    public void A_huge_referrer_is_cut()
    {
        var xml = System.Text.Encoding.UTF8.GetBytes($"<icestats><source mount=\"/a\"><listener><ID>1</ID><Referer>https://x.example/{new string('a', 10_000)}</Referer></listener></source></icestats>");

        Assert.Equal(InputLimits.MaxRefererChars, Assert.Single(ListClientsParser.Parse(new MemoryStream(xml)).Listeners).Referer!.Length);
    }

    private static FileStream Open(string name) => File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Icecast", "FromSource", name));
}
