using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Asteroid.Alerts;

namespace Asteroid.Tests.Alerts;

public sealed class WebhookPayloadTests
{
    private static readonly AlertEvent Alert = new(42, "main-offline", AlertKinds.MountOffline, "station:main", "a/live.mp3", "a", "/live.mp3",
        AlertStates.Firing, new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 11, 59, 0, TimeSpan.Zero),
        "a/live.mp3 has no source", 0);

    [Fact]
    public void The_json_preset_names_alert_scope_mount_state_and_time()
    {
        var body = JsonNode.Parse(WebhookPayload.Body(Alert, "json"))!;
        Assert.Equal("main-offline", (string?)body["alert"]);
        Assert.Equal("station:main", (string?)body["scope"]);
        Assert.Equal("/live.mp3", (string?)body["mount"]);
        Assert.Equal("a", (string?)body["server"]);
        Assert.Equal("firing", (string?)body["state"]);
        Assert.Equal(Alert.At, DateTimeOffset.Parse((string)body["at"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(42, (long?)body["eventId"]);
    }

    [Fact]
    public void Slack_discord_and_teams_get_the_shapes_they_accept()
    {
        var slack = JsonNode.Parse(WebhookPayload.Body(Alert, "slack"))!.AsObject();
        Assert.Equal(["text"], slack.Select(p => p.Key));
        Assert.Contains("a/live.mp3 has no source", (string?)slack["text"], StringComparison.Ordinal);

        var discord = JsonNode.Parse(WebhookPayload.Body(Alert with { Summary = new string('x', 5000) }, "discord"))!.AsObject();
        Assert.Equal(["content"], discord.Select(p => p.Key));
        Assert.True(((string)discord["content"]!).Length <= 2000);

        var teams = JsonNode.Parse(WebhookPayload.Body(Alert, "teams"))!;
        Assert.Equal("message", (string?)teams["type"]);
        var card = teams["attachments"]![0]!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)card["contentType"]);
        Assert.Equal("AdaptiveCard", (string?)card["content"]!["type"]);
        Assert.Contains("mount-offline", (string?)card["content"]!["body"]![0]!["text"], StringComparison.Ordinal);
    }

    [Fact]
    public void The_signature_is_the_hex_hmac_sha256_of_the_body_bytes()
    {
        var body = WebhookPayload.Body(Alert, "json");
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData("s3cret"u8.ToArray(), Encoding.UTF8.GetBytes(body)));
        Assert.Equal(expected, WebhookPayload.Signature(body, "s3cret"));
        Assert.NotEqual(expected, WebhookPayload.Signature(body + " ", "s3cret"));
    }

    [Fact]
    public void Backoff_doubles_up_to_its_cap_and_gives_up_after_the_retry_window()
    {
        var options = new AlertOptions { RetryBaseSeconds = 30, RetryMaxDelaySeconds = 3600, RetryForHours = 24 };
        var created = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(created.AddSeconds(30), DeliveryBackoff.Next(1, created, created, options));
        Assert.Equal(created.AddSeconds(60), DeliveryBackoff.Next(2, created, created, options));
        Assert.Equal(created.AddSeconds(240), DeliveryBackoff.Next(4, created, created, options));
        Assert.Equal(created.AddHours(1), DeliveryBackoff.Next(20, created, created, options));
        Assert.Equal(created.AddHours(24), DeliveryBackoff.Next(20, created, created.AddHours(23), options));
        Assert.Null(DeliveryBackoff.Next(20, created, created.AddHours(23).AddSeconds(1), options));
        Assert.Null(DeliveryBackoff.Next(1, created, created, options, statusCode: 404));
        Assert.NotNull(DeliveryBackoff.Next(1, created, created, options, statusCode: 429));
        Assert.NotNull(DeliveryBackoff.Next(1, created, created, options, statusCode: 500));
    }

    [Fact]
    public void Smtp_options_are_checked_at_start()
    {
        var validator = new SmtpOptionsValidator();
        Assert.True(validator.Validate(null, new SmtpOptions()).Succeeded);
        Assert.True(validator.Validate(null, new SmtpOptions { Host = "mail", From = "Asteroid <alerts@example.org>" }).Succeeded);
        Assert.False(validator.Validate(null, new SmtpOptions { Host = "mail" }).Succeeded);
        Assert.False(validator.Validate(null, new SmtpOptions { Host = "mail", From = "a@example.org", StartTls = "maybe" }).Succeeded);
        Assert.False(validator.Validate(null, new SmtpOptions { Host = "mail", From = "a@example.org", User = "u" }).Succeeded);
        Assert.False(validator.Validate(null, new SmtpOptions { Host = "mail", From = "a@example.org", Port = 0 }).Succeeded);
        Assert.False(validator.Validate(null, new SmtpOptions { From = "a@example.org" }).Succeeded);
    }
}
