using System.Globalization;
using System.Text;

namespace Asteroid.ScheduledReports;

/// <summary>A CSV attachment built in memory, bounded: RFC 4180 with a header row and CRLF, cells
/// formatted as <c>/stats/export</c> writes them (invariant numbers, times with their offset, text a
/// spreadsheet would run as a formula prefixed with an apostrophe). Once <see cref="MaxBytes"/> is
/// reached no further row is added and <see cref="Truncated"/> is set: the file ends on a whole row.</summary>
public sealed class CsvBuffer(IReadOnlyList<string> columns, long maxBytes)
{
    private readonly StringBuilder _text = new(string.Join(',', columns.Select(Quote)) + "\r\n");
    private long _bytes = -1;

    public long MaxBytes { get; } = maxBytes;

    public bool Truncated { get; private set; }

    public int Rows { get; private set; }

    /// <summary>Adds a row; false (and nothing added) when it would pass the size limit.</summary>
    public bool Add(params object?[] cells)
    {
        if (Truncated)
        {
            return false;
        }

        var line = string.Join(',', cells.Select(Cell)) + "\r\n";
        _bytes = _bytes < 0 ? Encoding.UTF8.GetByteCount(_text.ToString()) : _bytes;
        var size = Encoding.UTF8.GetByteCount(line);
        if (_bytes + size > MaxBytes)
        {
            Truncated = true;
            return false;
        }

        _text.Append(line);
        _bytes += size;
        Rows++;
        return true;
    }

    public byte[] ToBytes() => Encoding.UTF8.GetBytes(_text.ToString());

    public static string Cell(object? value) => value switch
    {
        null => "",
        string s => Quote(Neutralise(s)),
        bool b => b ? "true" : "false",
        DateTimeOffset d => d.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var other => Quote(Neutralise(other.ToString() ?? "")),
    };

    private static string Neutralise(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    private static string Quote(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
