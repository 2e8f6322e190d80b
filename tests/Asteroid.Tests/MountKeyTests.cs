using Asteroid.Icecast;
using Asteroid.Mounts;

namespace Asteroid.Tests;

public sealed class MountKeyTests
{
    [Theory]
    [InlineData("main", "/live.mp3")]
    [InlineData("relay-2", "/a/b/c.ogg")]
    public void A_key_splits_back_into_server_and_mount(string server, string mount)
    {
        Assert.Equal((server, mount), MountKey.Parse(MountKey.Format(server, mount)));
    }

    [Fact]
    public void A_key_without_mount_is_refused()
    {
        Assert.Throws<FormatException>(() => MountKey.Parse("main"));
    }

    [Theory]
    [InlineData("main", true)]
    [InlineData("relay-2.eu_west", true)]
    [InlineData("Main", false)]
    [InlineData("a/b", false)]
    [InlineData("", false)]
    [InlineData("-x", false)]
    public void Server_ids_are_short_lowercase_and_slash_free(string id, bool valid)
    {
        Assert.Equal(valid, ServerIds.IsValid(id));
    }

    [Theory]
    [InlineData("http://127.0.0.1:8000", null)]
    [InlineData("ftp://127.0.0.1", "must use http or https")]
    [InlineData("http://admin:pw@127.0.0.1", "must not contain credentials: use adminUser and adminPassword")]
    public void Base_urls_must_be_plain_http(string url, string? error)
    {
        Assert.Equal(error, ServerSettingsRules.CheckBaseUrl(new Uri(url)));
    }
}
