using Asteroid.Royalties;

namespace Asteroid.Tests.Royalties;

/// <summary>The catalogue CSV: RFC 4180 quoting, any column order, the first problem named by its line.</summary>
public sealed class CatalogCsvTests
{
    private static (IReadOnlyList<CatalogEntry> Entries, CatalogProblem? Problem) Parse(string text) => CatalogCsv.Parse(new StringReader(text));

    [Fact]
    public void Rows_are_read_with_quotes_doubled_quotes_and_line_breaks_inside_fields()
    {
        var (entries, problem) = Parse("title,artist,isrc,music,directLicense,durationSeconds,album,label\r\n" +
            "\"Song, One\",\"The \"\"Band\"\"\",us-aaa-26-00001,,,240,\"Two\nLines\",L\r\n" +
            "\r\n" +
            "Jingle,,,false,no,,,\n");

        Assert.Null(problem);
        Assert.Equal(2, entries.Count);
        Assert.Equal(new CatalogEntry("The \"Band\"", "Song, One", "TwoLines", "L", "USAAA2600001", 240, true, false), entries[0]);
        Assert.Equal(new CatalogEntry(null, "Jingle", null, null, null, null, false, false), entries[1]);
    }

    [Theory]
    [InlineData("artist,title\nA,One\nB\n", 3, "1 fields")]
    [InlineData("artist,title\nA,One\nB,\n", 3, "title is empty")]
    [InlineData("artist,title,isrc\nA,One,XX\n", 2, "isrc 'XX'")]
    [InlineData("artist,title,durationSeconds\nA,One,-5\n", 2, "durationSeconds")]
    [InlineData("artist,title,music\nA,One,maybe\n", 2, "music 'maybe'")]
    [InlineData("artist,name\n", 1, "unknown column 'name'")]
    [InlineData("artist\nA\n", 1, "no 'title'")]
    [InlineData("title,title\n", 1, "twice")]
    [InlineData("artist,title\n\"A\nB\",One\nC,\"open\n", 4, "not closed")]
    [InlineData("artist,title\nA\"x,One\n", 2, "quote inside")]
    [InlineData("", 1, "empty")]
    public void The_first_problem_names_its_line(string text, int line, string detail)
    {
        var (entries, problem) = Parse(text);

        Assert.Empty(entries);
        Assert.NotNull(problem);
        Assert.Equal(line, problem.Line);
        Assert.Contains(detail, problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Written_csv_reads_back_the_same_entries()
    {
        CatalogEntry[] entries =
        [
            new("A, B", "Say \"hi\"", null, "Label", "GBAYE0000001", 200, true, true),
            new(null, "Station ID", null, null, null, null, false, false),
        ];
        var text = new StringWriter();
        CatalogCsv.Write(text, entries);

        var (read, problem) = Parse(text.ToString());

        Assert.Null(problem);
        Assert.Equal(entries, read);
    }
}
