using Asteroid.Icecast;
using Asteroid.Tests.Support;

namespace Asteroid.Tests.Icecast;

public sealed class ListMountsAndStatsParserTests
{
    public static TheoryData<string> ListMountsSamples() => Names("*listmounts*.xml");

    public static TheoryData<string> StatsSamples() => Names("*admin-stats*.xml");

    [Theory]
    [MemberData(nameof(ListMountsSamples))]
    public void Every_listmounts_sample_gives_one_mount_per_source(string sample)
    {
        var text = File.ReadAllText(SharedData.Sample(sample));
        using var stream = File.OpenRead(SharedData.Sample(sample));

        var mounts = ListMountsParser.Parse(stream);

        Assert.Equal(CountOccurrences(text, "<source mount="), mounts.Count);
        Assert.All(mounts, m => Assert.StartsWith("/", m.Mount));
    }

    [Fact]
    public void Listmounts_with_two_sources_gives_their_counts_and_types()
    {
        using var stream = File.OpenRead(SharedData.Sample("04-several.listmounts.xml"));

        var mounts = ListMountsParser.Parse(stream);

        Assert.Equal(
            [new IcecastMount("/jazz.ogg", 3, 37, "audio/ogg"), new IcecastMount("/live.mp3", 5, 44, "audio/mpeg")],
            mounts);
    }

    [Fact]
    public void Stats_name_the_mounts_with_a_url_authenticator()
    {
        // Recorded from icecast2 2.4.4: /r.mp3 has <authentication type="url"> with listener_remove, /plain.mp3 none.
        using var stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Icecast", "Recorded", "url-authenticator.admin-stats.xml"));

        var stats = AdminStatsParser.Parse(stream);

        Assert.Equal(["/plain.mp3", "/r.mp3"], stats.SourceListeners.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["/r.mp3"], stats.UrlAuthenticated!);
    }

    [Fact]
    public void Listmounts_without_sources_is_empty()
    {
        using var stream = File.OpenRead(SharedData.Sample("00-nosource.listmounts.xml"));

        Assert.Empty(ListMountsParser.Parse(stream));
    }

    [Theory]
    [MemberData(nameof(StatsSamples))]
    public void Every_stats_sample_gives_the_server_start_and_its_sources(string sample)
    {
        var text = File.ReadAllText(SharedData.Sample(sample));
        using var stream = File.OpenRead(SharedData.Sample(sample));

        var stats = AdminStatsParser.Parse(stream);

        Assert.NotNull(stats.ServerStart);
        Assert.Equal(TimeSpan.Zero, stats.ServerStart!.Value.Offset);
        Assert.Equal(CountOccurrences(text, "<source mount="), stats.SourceListeners.Count);
        Assert.Empty(stats.UrlAuthenticated!); // none of the shared samples has listener authentication
    }

    [Fact]
    public void Stats_with_several_listeners_gives_start_time_and_counts()
    {
        using var stream = File.OpenRead(SharedData.Sample("04-several.admin-stats.xml"));

        var stats = AdminStatsParser.Parse(stream);

        Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 35, 15, TimeSpan.Zero), stats.ServerStart);
        Assert.Equal("Icecast 2.4.4", stats.ServerId);
        Assert.Equal(3, stats.SourceListeners["/jazz.ogg"]);
        Assert.Equal(5, stats.SourceListeners["/live.mp3"]);
    }

    [Theory]
    [InlineData("2026-11-23T00:35:15+0000", "2026-11-23T00:35:15+00:00")]
    [InlineData("2026-03-29T03:00:01+0200", "2026-03-29T03:00:01+02:00")]
    [InlineData("2026-11-01T01:30:00-0500", "2026-11-01T01:30:00-05:00")]
    public void Icecast_iso_dates_without_offset_colon_are_read(string icecast, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), AdminStatsParser.TryParseIso8601(icecast));
    }

    private static TheoryData<string> Names(string pattern)
    {
        var data = new TheoryData<string>();
        foreach (var file in SharedData.Samples(pattern).Where(f => ListClientsParserTests.RecordedStatus(f) == 200))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
