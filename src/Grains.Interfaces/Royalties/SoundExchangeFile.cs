using System.Globalization;
using System.Text;

namespace Asteroid.Royalties;

/// <summary>The census Report of Use as a file (docs/royalties.md). The name follows SoundExchange's
/// Reports of Use delivery specification: <c>{ServiceName}{START}_{END}_{Category}.txt</c> with the
/// dates as YYYYMMDD (their example: <c>KFAKE20070115_20070121_H.txt</c>). The text is tab-separated
/// with a header row of the field names, one recording a line (CRLF, UTF-8 without BOM); tabs and line
/// breaks inside a value become spaces. The CSV has the same columns (RFC 4180).</summary>
public static class SoundExchangeFile
{
    public static readonly string[] Columns =
    [
        "NAME_OF_SERVICE", "TRANSMISSION_CATEGORY", "FEATURED_ARTIST", "SOUND_RECORDING_TITLE", "ISRC", "ALBUM_TITLE", "MARKETING_LABEL",
        "ACTUAL_TOTAL_PERFORMANCES",
    ];

    public static string ServiceName(SoundExchangeReport r) => string.IsNullOrWhiteSpace(r.ServiceName) ? r.Station : r.ServiceName;

    public static string FileName(SoundExchangeReport r, string extension)
    {
        var name = new StringBuilder();
        foreach (var c in ServiceName(r))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                name.Append(c);
            }
        }

        var first = DateOnly.ParseExact(r.Month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var last = first.AddMonths(1).AddDays(-1);
        return $"{(name.Length > 0 ? name : "SERVICE")}{first:yyyyMMdd}_{last:yyyyMMdd}_{r.TransmissionCategory ?? "X"}.{extension}";
    }

    public static IEnumerable<string?[]> Rows(SoundExchangeReport r) => r.Rows.Select(row => new[]
    {
        ServiceName(r), r.TransmissionCategory, row.FeaturedArtist, row.SoundRecordingTitle, row.Isrc, row.AlbumTitle, row.MarketingLabel,
        row.ActualTotalPerformances.ToString(CultureInfo.InvariantCulture),
    });

    public static string Text(SoundExchangeReport r)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join('\t', Columns)).Append("\r\n");
        foreach (var row in Rows(r))
        {
            sb.Append(string.Join('\t', row.Select(Clean))).Append("\r\n");
        }

        return sb.ToString();
    }

    public static string Csv(SoundExchangeReport r)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(',', Columns)).Append("\r\n");
        foreach (var row in Rows(r))
        {
            sb.Append(string.Join(',', row.Select(Quote))).Append("\r\n");
        }

        return sb.ToString();
    }

    private static string Clean(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            sb.Append(c is '\t' or '\r' or '\n' || char.IsControl(c) ? ' ' : c);
        }

        return sb.ToString();
    }

    private static string Quote(string? value)
    {
        var text = Neutralise(Clean(value));
        return text.IndexOfAny([',', '"']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    /// <summary>As the exports (TableWriter): text a spreadsheet would run as a formula gets an apostrophe.</summary>
    private static string Neutralise(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;
}
