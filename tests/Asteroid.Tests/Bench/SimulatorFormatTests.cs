using System.Text;
using System.Xml;
using Asteroid.Bench.Simulator;
using Asteroid.Icecast;
using Asteroid.Tests.Support;

namespace Asteroid.Tests.Bench;

/// <summary>The scale simulator must speak exactly the recorded Icecast formats: same declaration,
/// element names and order, trailing newline — and our parsers must read it like the real thing.</summary>
public sealed class SimulatorFormatTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 0, 35, 15, TimeSpan.Zero);

    [Fact]
    public void Listclients_has_the_recorded_shape_and_parses()
    {
        var model = new IcecastModel(1, 3, 0, seed: 7, Start);
        var now = Start.AddMinutes(90);
        var xml = IcecastDocuments.ListClients("/jazz.ogg", model.ListenersAt(0, now), now);

        Assert.Equal(Shape(File.ReadAllText(SharedData.Sample("04-several.listclients-jazz.ogg.xml"))), Shape(xml));
        Assert.StartsWith("<?xml version=\"1.0\"?>\n<icestats>", xml, StringComparison.Ordinal);
        Assert.EndsWith("</icestats>\n", xml, StringComparison.Ordinal);
        var parsed = ListClientsParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(xml)));
        Assert.Equal(3, parsed.Listeners.Count);
        Assert.All(parsed.Listeners, l => Assert.NotNull(l.Ip));
    }

    [Fact]
    public void Listmounts_has_the_recorded_shape_and_parses()
    {
        var xml = IcecastDocuments.ListMounts([("/jazz.ogg", 3, 37), ("/live.mp3", 5, 44)]);

        Assert.Equal(Shape(File.ReadAllText(SharedData.Sample("04-several.listmounts.xml"))), Shape(xml));
        Assert.Equal(["/jazz.ogg", "/live.mp3"], ListMountsParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(xml))).Select(m => m.Mount));
    }

    [Fact]
    public void Stats_has_the_recorded_server_fields_and_start_time()
    {
        var xml = IcecastDocuments.Stats(Start, [("/m0000.mp3", 12)]);

        var recorded = TopLevel(File.ReadAllText(SharedData.Sample("04-several.admin-stats.xml")));
        Assert.Equal(recorded.Where(n => n != "source"), TopLevel(xml).Where(n => n != "source"));
        var stats = AdminStatsParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(xml)));
        Assert.Equal(Start, stats.ServerStart);
        Assert.Equal(12, stats.SourceListeners["/m0000.mp3"]);
    }

    [Fact]
    public void The_model_is_deterministic_and_churn_brings_new_client_ids()
    {
        var a = new IcecastModel(2, 50, 0.01, seed: 42, Start);
        var b = new IcecastModel(2, 50, 0.01, seed: 42, Start);
        var t0 = Start.AddHours(1);

        var first = a.ListenersAt(1, t0);
        Assert.Equal(first, b.ListenersAt(1, t0));
        var later = a.ListenersAt(1, t0.AddSeconds(60));

        Assert.Equal(50, later.Count);
        Assert.True(later.Any(l => !first.Contains(l)), "some listeners were replaced");
        Assert.True(later.Where(l => !first.Contains(l)).All(l => l.Id > first.Max(f => f.Id)), "new connections get new IDs");
    }

    /// <summary>Element names in document order (attributes and text aside).</summary>
    private static List<string> Shape(string xml)
    {
        using var reader = XmlReader.Create(new StringReader(xml));
        var names = new List<string>();
        while (reader.Read())
        {
            if (reader.NodeType is XmlNodeType.Element or XmlNodeType.EndElement)
            {
                names.Add((reader.NodeType == XmlNodeType.EndElement ? "/" : "") + reader.Name);
            }
        }

        return names;
    }

    private static List<string> TopLevel(string xml)
    {
        using var reader = XmlReader.Create(new StringReader(xml));
        var names = new List<string>();
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Depth == 1)
            {
                names.Add(reader.Name);
            }
        }

        return names;
    }
}
