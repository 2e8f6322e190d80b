using Asteroid.Web.Alerts;

namespace Asteroid.Tests.Alerts;

public sealed class WebhookTargetsTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080/hook", true)]
    [InlineData("http://localhost/hook", true)]
    [InlineData("http://api.localhost/hook", true)]
    [InlineData("http://10.1.2.3/", true)]
    [InlineData("http://172.16.0.1/", true)]
    [InlineData("http://172.32.0.1/", false)]
    [InlineData("http://192.168.1.10/", true)]
    [InlineData("http://169.254.169.254/latest/meta-data", true)]
    [InlineData("http://[::1]/", true)]
    [InlineData("http://[fd00::1]/", true)]
    [InlineData("http://[fe80::1]/", true)]
    [InlineData("http://[::ffff:10.0.0.1]/", true)]
    [InlineData("http://0.0.0.0/", true)]
    [InlineData("https://hooks.slack.com/services/T/B/x", false)]
    [InlineData("https://203.0.113.9/", false)]
    public void Internal_targets_are_loopback_link_local_and_private(string url, bool expected) =>
        Assert.Equal(expected, WebhookTargets.IsInternal(new Uri(url)));
}
