using System.Text;
using System.Text.Json.Nodes;
using Asteroid.Alerts;
using Asteroid.Analytics;
using Asteroid.ScheduledReports;

namespace Asteroid.Tests.Alerts;

public sealed class ScheduledReportContentTests
{
    private static Metrics M(long listeners, double minutes, double aqh, int peak, long sessions) =>
        new(sessions, 0, 0, 0, listeners, true, minutes, 0, 0, 0, aqh, peak, null, 0, 0, 0);

    private static ReportFigures Figures(Metrics? previous) => new(
        "jazz-daily", "Jazz daily", "station:jazz", "America/New_York", ReportPeriods.Containing("daily", new DateOnly(2026, 12, 1)),
        M(40, 1200, 3.25, 12, 55), previous, [("GB", 20), (null, 5)], [("Artist - Song", 4, 30)], [], ReportRunTriggers.Scheduled);

    [Fact]
    public void The_text_has_each_kpi_with_the_previous_period_and_the_change()
    {
        var text = ReportContent.Text(Figures(M(20, 600, 1.5, 12, 0)), []);
        var lines = text.Split("\r\n");

        Assert.Equal(["Unique", "listeners", "40", "20", "+100.0", "%"], Words(lines, "Unique listeners"));
        Assert.Equal(["TLH", "(hours)", "20.0", "10.0", "+100.0", "%"], Words(lines, "TLH"));
        Assert.Equal(["AQH", "3.25", "1.50", "+116.7", "%"], Words(lines, "AQH"));
        Assert.Equal(["Peak", "listeners", "12", "12", "+0.0", "%"], Words(lines, "Peak listeners"));
        Assert.Equal(["Sessions", "55", "0", "–"], Words(lines, "Sessions")); // no ratio from nothing
        Assert.Contains("  1. GB: 20 listeners", lines);
        Assert.Contains("  2. unknown: 5 listeners", lines);
        Assert.Contains("  1. Artist - Song: 4 plays, 30 listeners", lines);
        Assert.DoesNotContain("Top shows:", lines); // none: the section is left out
    }

    [Fact]
    public void Without_a_previous_report_the_columns_say_so()
    {
        var lines = ReportContent.Text(Figures(null), []).Split("\r\n");

        Assert.Equal(["Unique", "listeners", "40", "–", "–"], Words(lines, "Unique listeners"));
        Assert.Equal("Daily report 2026-12-01: Jazz daily (station:jazz)", ReportContent.Subject(Figures(null)));
    }

    [Fact]
    public void The_json_payload_carries_kpis_change_and_for_the_json_preset_the_files()
    {
        var figures = Figures(M(20, 600, 1.5, 12, 0));
        var message = new ReportMessage(7, "jazz-daily", "s", "t", ReportContent.Payload(figures), [new ReportFile("a.csv", "text/csv", "x,y\r\n"u8.ToArray(), true)]);

        var body = JsonNode.Parse(ReportPayload.Body(message, null))!;
        Assert.Equal((40L, 20.0, 1.0), ((long)body["kpis"]!["uniqueListeners"]!, (double)body["kpis"]!["tlh"]!, (double)body["change"]!["uniqueListeners"]!));
        Assert.Null(body["change"]!["sessions"]);
        Assert.Equal(("2026-12-01", 7L), ((string?)body["from"], (long)body["runId"]!));
        var file = body["files"]![0]!;
        Assert.Equal(("a.csv", true, "x,y\r\n"), ((string?)file["name"], (bool)file["truncated"]!, Encoding.UTF8.GetString(Convert.FromBase64String((string)file["base64"]!))));
        Assert.Null(JsonNode.Parse(ReportPayload.Body(message, "slack"))!["files"]);
        Assert.StartsWith("s\n\nt", (string)JsonNode.Parse(ReportPayload.Body(message, "slack"))!["text"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void A_csv_stops_at_the_last_whole_row_under_its_size_limit_and_neutralises_formulas()
    {
        var csv = new CsvBuffer(["a", "b"], 30);

        Assert.True(csv.Add("=cmd", "x,y"));
        Assert.True(csv.Add(1.5, true));
        Assert.False(csv.Add("a long row that does not fit", 1));
        Assert.False(csv.Add(1, 2)); // nothing after the cut, even a row that would fit

        Assert.True(csv.Truncated);
        Assert.Equal("a,b\r\n'=cmd,\"x,y\"\r\n1.5,true\r\n", Encoding.UTF8.GetString(csv.ToBytes()));
        Assert.True(csv.ToBytes().Length <= 30);
    }

    private static string[] Words(string[] lines, string label) =>
        lines.Single(l => l.StartsWith(label, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
