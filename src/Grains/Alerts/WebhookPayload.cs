using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Asteroid.Alerts;

/// <summary>The body of a webhook delivery for each preset, and its signature, pure. <c>json</c> names
/// the alert, scope, subject, mount, state and time; <c>slack</c> (<c>{"text"}</c>), <c>discord</c>
/// (<c>{"content"}</c>, at most 2000 characters) and <c>teams</c> (a message with an Adaptive Card, as
/// Teams workflow webhooks take it) carry the same facts as text.</summary>
public static class WebhookPayload
{
    public const string SignatureHeader = "X-Asteroid-Signature";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public static string Body(AlertEvent alert, string? preset) => (preset ?? AlertPresets.Json) switch
    {
        AlertPresets.Slack => Serialize(new JsonObject { ["text"] = Text(alert, 3000) }),
        AlertPresets.Discord => Serialize(new JsonObject { ["content"] = Text(alert, 2000) }),
        AlertPresets.Teams => Serialize(TeamsCard.Message(Title(alert), TeamsCard.Text(Truncate(alert.Summary, 2000)), new JsonObject
        {
            ["type"] = "FactSet",
            ["facts"] = new JsonArray(
                Fact("Rule", alert.RuleId), Fact("Scope", alert.Scope), Fact("State", alert.State),
                Fact("At", alert.At.ToString("u", System.Globalization.CultureInfo.InvariantCulture))),
        })),
        _ => Serialize(new JsonObject
        {
            ["alert"] = alert.RuleId,
            ["eventId"] = alert.Id,
            ["kind"] = alert.Kind,
            ["state"] = alert.State,
            ["scope"] = alert.Scope,
            ["subject"] = alert.Subject,
            ["server"] = alert.Server,
            ["mount"] = alert.Mount,
            ["at"] = alert.At,
            ["since"] = alert.Since,
            ["value"] = alert.Value,
            ["summary"] = Truncate(alert.Summary, 4000),
        }),
    };

    /// <summary><c>sha256=</c> and the lowercase hex HMAC-SHA256 of the body's UTF-8 bytes with the secret.</summary>
    public static string Signature(string body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    public static string Title(AlertEvent alert) => alert.State switch
    {
        AlertStates.Resolved => $"Resolved: {alert.Kind} on {alert.Subject}",
        AlertStates.Test => $"Test of alert rule {alert.RuleId}",
        _ => $"Alert: {alert.Kind} on {alert.Subject}",
    };

    public static string Text(AlertEvent alert, int max) =>
        Truncate($"{Title(alert)} — {alert.Summary} (rule {alert.RuleId}, {alert.Scope}, {alert.At.ToString("u", System.Globalization.CultureInfo.InvariantCulture)})", max);

    private static JsonObject Fact(string title, string value) => new() { ["title"] = title, ["value"] = value };

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string Serialize(JsonNode node) => node.ToJsonString(Options);
}
