using System.Text.Json.Nodes;

namespace Asteroid.Alerts;

/// <summary>The Teams webhook message both alerts (<see cref="WebhookPayload"/>) and report runs
/// (<see cref="ReportPayload"/>) post: one Adaptive Card 1.4 attachment, as Teams workflow webhooks take it.</summary>
public static class TeamsCard
{
    /// <summary>A message whose card has a bold title and then <paramref name="body"/>.</summary>
    public static JsonObject Message(string title, params JsonNode[] body) => new()
    {
        ["type"] = "message",
        ["attachments"] = new JsonArray(new JsonObject
        {
            ["contentType"] = "application/vnd.microsoft.card.adaptive",
            ["content"] = new JsonObject
            {
                ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
                ["type"] = "AdaptiveCard",
                ["version"] = "1.4",
                ["body"] = new JsonArray([new JsonObject { ["type"] = "TextBlock", ["weight"] = "Bolder", ["size"] = "Medium", ["wrap"] = true, ["text"] = title }, .. body]),
            },
        }),
    };

    /// <summary>A wrapping text block (monospace for preformatted text such as the report's KPI table).</summary>
    public static JsonObject Text(string text, bool monospace = false)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["wrap"] = true };
        if (monospace)
        {
            block["fontType"] = "Monospace";
        }

        block["text"] = text;
        return block;
    }
}
