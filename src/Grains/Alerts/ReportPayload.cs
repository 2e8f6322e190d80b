using System.Text.Json;
using System.Text.Json.Nodes;

namespace Asteroid.Alerts;

/// <summary>The webhook body of a report run for each preset, pure: <c>json</c> is the run's KPI
/// object (<see cref="ReportMessage.Payload"/>) with its files as base64 (<c>files</c>); <c>slack</c>,
/// <c>discord</c> and <c>teams</c> carry the subject and the KPI text (no files: those services
/// take no attachments on an incoming webhook).</summary>
public static class ReportPayload
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public static string Body(ReportMessage report, string? preset)
    {
        var text = report.Subject + "\n\n" + report.Text;
        return (preset ?? AlertPresets.Json) switch
        {
            AlertPresets.Slack => new JsonObject { ["text"] = Truncate(text, 3000) }.ToJsonString(Options),
            AlertPresets.Discord => new JsonObject { ["content"] = Truncate(text, 2000) }.ToJsonString(Options),
            AlertPresets.Teams => TeamsCard.Message(report.Subject, TeamsCard.Text(Truncate(report.Text, 4000), monospace: true)).ToJsonString(Options),
            _ => Json(report),
        };
    }

    private static string Json(ReportMessage report)
    {
        var body = JsonNode.Parse(report.Payload) as JsonObject ?? [];
        body["runId"] = report.RunId;
        body["files"] = new JsonArray([.. report.Files.Select(f => (JsonNode)new JsonObject
        {
            ["name"] = f.Name,
            ["contentType"] = f.ContentType,
            ["truncated"] = f.Truncated,
            ["base64"] = Convert.ToBase64String(f.Content),
        })]);
        return body.ToJsonString(Options);
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
