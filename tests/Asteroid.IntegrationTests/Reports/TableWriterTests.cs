using System.Text;
using System.Text.Json.Nodes;
using Asteroid.Web.Reports;

namespace Asteroid.IntegrationTests.Reports;

public sealed class TableWriterTests
{
    [Fact]
    public async Task Csv_quotes_per_rfc_4180_and_neutralises_formulas_in_text_but_not_in_numbers()
    {
        var body = new MemoryStream();
        await using (var table = TableWriter.Create("csv", body, ["text", "number", "when"]))
        {
            await table.WriteRowAsync("=HYPERLINK(\"x\")", -0.09, new DateTimeOffset(2026, 11, 1, 1, 0, 0, TimeSpan.FromHours(-5)));
            await table.WriteRowAsync("a,b", 1, null);
            await table.WriteRowAsync("line\nbreak", 2L, null);
            await table.WriteRowAsync("@SUM(A1)", true, null);
        }

        var lines = Encoding.UTF8.GetString(body.ToArray()).Split("\r\n");

        Assert.Equal("text,number,when", lines[0]);
        Assert.Equal("\"'=HYPERLINK(\"\"x\"\")\",-0.09,2026-11-01T01:00:00-05:00", lines[1]);
        Assert.Equal("\"a,b\",1,", lines[2]);
        Assert.Equal("\"line\nbreak\",2,", lines[3]);
        Assert.Equal("'@SUM(A1),true,", lines[4]);
    }

    [Fact]
    public async Task Json_is_an_array_of_objects_with_the_column_names()
    {
        var body = new MemoryStream();
        await using (var table = TableWriter.Create("json", body, ["start", "sessions", "peakAt"]))
        {
            for (var i = 0; i < 250; i++)
            {
                await table.WriteRowAsync(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.FromHours(-4)), i, null);
            }
        }

        var rows = JsonNode.Parse(body.ToArray())!.AsArray();

        Assert.Equal(250, rows.Count);
        Assert.Equal(249, (int)rows[249]!["sessions"]!);
        Assert.Equal("2026-11-01T00:00:00-04:00", (string?)rows[0]!["start"]);
        Assert.Null(rows[0]!["peakAt"]);
    }
}
