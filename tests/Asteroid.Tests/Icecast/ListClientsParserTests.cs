using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using Asteroid.Icecast;
using Asteroid.Tests.Support;

namespace Asteroid.Tests.Icecast;

public sealed class ListClientsParserTests
{
    /// <summary>Every recorded listclients answer that Icecast sent with 200.</summary>
    public static TheoryData<string> SuccessfulSamples()
    {
        var data = new TheoryData<string>();
        foreach (var file in SharedData.Samples("*listclients*.xml").Where(f => RecordedStatus(f) == 200))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SuccessfulSamples))]
    public void Every_recorded_listener_is_parsed_with_id_agent_and_address(string sample)
    {
        var text = File.ReadAllText(SharedData.Sample(sample));
        var expectedIds = Regex.Matches(text, "<ID>(\\d+)</ID>").Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();

        var document = Parse(sample);

        Assert.Equal(expectedIds, document.Listeners.Select(l => l.Id));
        Assert.Equal(document.ReportedListeners, document.Listeners.Count);
        Assert.StartsWith("/", document.Mount);
        Assert.All(document.Listeners, l =>
        {
            Assert.NotNull(l.Ip);
            Assert.False(string.IsNullOrEmpty(l.UserAgent));
            Assert.True(l.ConnectedSeconds >= 0);
        });
    }

    [Fact]
    public void Several_listeners_keep_their_escaped_user_agents_and_connected_seconds()
    {
        var jazz = Parse("04-several.listclients-jazz.ogg.xml");

        Assert.Equal("/jazz.ogg", jazz.Mount);
        Assert.Equal([31L, 32L, 35L], jazz.Listeners.Select(l => l.Id));
        Assert.Equal("Weird \"quoted\" <tag> & \u00fcn\u00efcode\\back", jazz.Listeners[2].UserAgent);
        Assert.Equal(IPAddress.Parse("127.0.0.5"), jazz.Listeners[1].Ip);
        Assert.All(jazz.Listeners, l => Assert.Equal(4, l.ConnectedSeconds));

        var live = Parse("04-several.listclients-live.mp3.xml");
        Assert.Equal(5, live.Listeners.Count);
        Assert.Equal(24, live.Listeners[0].ConnectedSeconds);
        Assert.Equal("Unknown", live.Listeners[2].UserAgent);
    }

    [Fact]
    public void Two_hundred_listeners_are_all_read()
    {
        var document = Parse("70-listclients-200-listeners.xml");

        Assert.Equal(200, document.Listeners.Count);
        Assert.Equal(200, document.Listeners.Select(l => l.Id).Distinct().Count());
    }

    [Fact]
    public void An_authenticated_listener_with_username_is_read_like_the_others()
    {
        var document = Parse("40-hook-listclients.xml");

        Assert.Equal([185L, 187L], document.Listeners.Select(l => l.Id));
        Assert.Equal("Winamp/5.9", document.Listeners[1].UserAgent);
    }

    [Fact]
    public void Ids_restart_after_an_icecast_restart()
    {
        Assert.Equal(2, Assert.Single(Parse("62-listclients-after-restart.xml").Listeners).Id);
    }

    [Fact]
    public void An_html_error_page_is_rejected_as_not_icestats()
    {
        var ex = Assert.Throws<XmlException>(() => Parse("00-nosource.listclients-live.mp3.xml"));
        Assert.Contains("icestats", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_type_definition_is_refused()
    {
        const string xxe = """<?xml version="1.0"?><!DOCTYPE icestats [<!ENTITY x SYSTEM "file:///etc/passwd">]><icestats>&x;</icestats>""";

        Assert.Throws<XmlException>(() => ListClientsParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(xxe))));
    }

    [Fact]
    public void A_listener_without_id_is_malformed()
    {
        const string xml = """<?xml version="1.0"?><icestats><source mount="/a"><listener><IP>127.0.0.1</IP></listener></source></icestats>""";

        var ex = Assert.Throws<XmlException>(() => ListClientsParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(xml))));
        Assert.True(ex.LineNumber > 0);
    }

    [Fact]
    public void A_listener_does_not_print_its_address()
    {
        var listener = Parse("04-several.listclients-jazz.ogg.xml").Listeners[0];

        Assert.DoesNotContain("127.0.0.4", listener.ToString(), StringComparison.Ordinal);
    }

    internal static ListClientsDocument Parse(string sample)
    {
        using var stream = File.OpenRead(SharedData.Sample(sample));
        return ListClientsParser.Parse(stream);
    }

    internal static int RecordedStatus(string sampleFile)
    {
        var header = sampleFile + ".hdr";
        return File.Exists(header) ? int.Parse(File.ReadLines(header).First().Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) : 200;
    }
}
