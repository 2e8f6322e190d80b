using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Asteroid.Alerts;
using Asteroid.Analytics;

namespace Asteroid.ScheduledReports;

/// <summary>A report ready to store and send: mail subject, KPI text, webhook JSON and the files.</summary>
public sealed record class BuiltReport(string Subject, string Text, string Payload, IReadOnlyList<ReportFile> Files);

/// <summary>The figures of one period of a scope, as the report grains gave them.</summary>
public sealed record class ReportFigures(
    string ScheduleId,
    string Name,
    string Scope,
    string TimeZone,
    ReportPeriod Period,
    Metrics Current,
    Metrics? Previous,
    IReadOnlyList<(string? Country, long Listeners)> TopCountries,
    IReadOnlyList<(string Track, int Plays, long Listeners)> TopTracks,
    IReadOnlyList<(string Show, double Aqh, long Listeners)> TopShows,
    string Trigger);

/// <summary>The text and JSON of a report, pure: unique listeners, TLH (listening hours), AQH, peak
/// and sessions with their change against the previous period (as <see cref="Reports.Comparison.Change"/>:
/// none when the previous figure is 0), top countries, and top tracks and shows when the scope has some.</summary>
public static class ReportContent
{
    public const int TopCount = 5;
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public static string Subject(ReportFigures f) =>
        $"{Capitalised(f.Period.Kind)} report {f.Period}: {f.Name} ({f.Scope})" + (f.Trigger == ReportRunTriggers.Manual ? " — sent on request" : "");

    public static string Text(ReportFigures f, IReadOnlyList<ReportFile> files)
    {
        var c = f.Current;
        var p = f.Previous;
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"{f.Name} — {f.Scope}\r\n");
        s.Append(CultureInfo.InvariantCulture, $"{Capitalised(f.Period.Kind)} report {f.Period}: {f.Period.From:yyyy-MM-dd} to {f.Period.To:yyyy-MM-dd} ({f.TimeZone})\r\n\r\n");
        s.Append(CultureInfo.InvariantCulture, $"{"",-18}{"this period",14}{"previous",14}{"change",10}\r\n");
        Line(s, "Unique listeners", c.UniqueListeners, p?.UniqueListeners, "0");
        Line(s, "TLH (hours)", c.ListenMinutes / 60, p is null ? null : p.ListenMinutes / 60, "0.0");
        Line(s, "AQH", c.Aqh, p?.Aqh, "0.00");
        Line(s, "Peak listeners", c.PeakConcurrent, p?.PeakConcurrent, "0");
        Line(s, "Sessions", c.Sessions, p?.Sessions, "0");
        if (c.PeakAt is { } peakAt)
        {
            s.Append(CultureInfo.InvariantCulture, $"Peak at {peakAt:yyyy-MM-dd HH:mm} UTC\r\n");
        }

        Top(s, "Top countries", f.TopCountries.Select(t => $"{t.Country ?? "unknown"}: {t.Listeners} listeners"));
        Top(s, "Top tracks", f.TopTracks.Select(t => $"{t.Track}: {t.Plays} plays, {t.Listeners} listeners"));
        Top(s, "Top shows", f.TopShows.Select(t => $"{t.Show}: AQH {t.Aqh.ToString("0.00", CultureInfo.InvariantCulture)}, {t.Listeners} listeners"));
        if (files.Count > 0)
        {
            s.Append("\r\nAttached:\r\n");
            foreach (var file in files)
            {
                s.Append(CultureInfo.InvariantCulture, $"  {file.Name}{(file.Truncated ? " (cut at the size limit)" : "")}\r\n");
            }
        }

        s.Append("\r\nDefinitions: docs/metrics.md. Listeners are counted by key; no addresses are sent.\r\n");
        return s.ToString();
    }

    public static string Payload(ReportFigures f) => new JsonObject
    {
        ["schedule"] = f.ScheduleId,
        ["name"] = f.Name,
        ["scope"] = f.Scope,
        ["timeZone"] = f.TimeZone,
        ["period"] = f.Period.Kind,
        ["label"] = f.Period.ToString(),
        ["from"] = f.Period.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["to"] = f.Period.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["trigger"] = f.Trigger,
        ["kpis"] = Kpis(f.Current),
        ["previous"] = f.Previous is { } p ? Kpis(p) : null,
        ["change"] = f.Previous is { } b ? new JsonObject
        {
            ["uniqueListeners"] = Reports.Comparison.Change(f.Current.UniqueListeners, b.UniqueListeners),
            ["tlh"] = Reports.Comparison.Change(f.Current.ListenMinutes, b.ListenMinutes),
            ["aqh"] = Reports.Comparison.Change(f.Current.Aqh, b.Aqh),
            ["peakConcurrent"] = Reports.Comparison.Change(f.Current.PeakConcurrent, b.PeakConcurrent),
            ["sessions"] = Reports.Comparison.Change(f.Current.Sessions, b.Sessions),
        } : null,
        ["topCountries"] = new JsonArray([.. f.TopCountries.Select(t => (JsonNode)new JsonObject { ["countryCode"] = t.Country, ["uniqueListeners"] = t.Listeners })]),
        ["topTracks"] = new JsonArray([.. f.TopTracks.Select(t => (JsonNode)new JsonObject { ["track"] = t.Track, ["plays"] = t.Plays, ["uniqueListeners"] = t.Listeners })]),
        ["topShows"] = new JsonArray([.. f.TopShows.Select(t => (JsonNode)new JsonObject { ["show"] = t.Show, ["aqh"] = t.Aqh, ["uniqueListeners"] = t.Listeners })]),
    }.ToJsonString(Options);

    private static JsonObject Kpis(Metrics m) => new()
    {
        ["uniqueListeners"] = m.UniqueListeners,
        ["tlh"] = Math.Round(m.ListenMinutes / 60, 4),
        ["aqh"] = m.Aqh,
        ["peakConcurrent"] = m.PeakConcurrent,
        ["peakAt"] = m.PeakAt,
        ["sessions"] = m.Sessions,
    };

    private static void Line(StringBuilder s, string label, double current, double? previous, string format)
    {
        var change = Reports.Comparison.Change(current, previous) is { } r ? (r >= 0 ? "+" : "") + (r * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "–";
        s.Append(CultureInfo.InvariantCulture,
            $"{label,-18}{current.ToString(format, CultureInfo.InvariantCulture),14}{previous?.ToString(format, CultureInfo.InvariantCulture) ?? "–",14}{change,10}\r\n");
    }

    private static void Top(StringBuilder s, string title, IEnumerable<string> lines)
    {
        var list = lines.ToList();
        if (list.Count == 0)
        {
            return;
        }

        s.Append(CultureInfo.InvariantCulture, $"\r\n{title}:\r\n");
        for (var i = 0; i < list.Count; i++)
        {
            s.Append(CultureInfo.InvariantCulture, $"  {i + 1}. {list[i]}\r\n");
        }
    }

    private static string Capitalised(string kind) => char.ToUpperInvariant(kind[0]) + kind[1..];
}
