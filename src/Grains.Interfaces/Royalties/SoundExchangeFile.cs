using System.Globalization;
using System.Text;

namespace Asteroid.Royalties;

/// <summary>The census Report of Use as a file (docs/royalties.md). The name follows SoundExchange's
/// Reports of Use delivery specification: <c>{ServiceName}{START}_{END}_{Category}.txt</c> with the
/// dates as YYYYMMDD (their example: <c>KFAKE20070115_20070121_H.txt</c>). The text is tab-separated
/// with a header row of the field names, one recording a line, CRLF, and ASCII as SoundExchange asks
/// (letters lose their accents, "Beyoncé" → "Beyonce"; what has no ASCII form becomes '?'); tabs and
/// line breaks inside a value become spaces. The CSV has the same columns (RFC 4180), in UTF-8 for
/// spreadsheets. The channel is the station (a station is one channel).</summary>
public static class SoundExchangeFile
{
    public static readonly string[] Columns =
    [
        "NAME_OF_SERVICE", "TRANSMISSION_CATEGORY", "FEATURED_ARTIST", "SOUND_RECORDING_TITLE", "ISRC", "ALBUM_TITLE", "MARKETING_LABEL",
        "ACTUAL_TOTAL_PERFORMANCES", "CHANNEL_OR_PROGRAM_NAME",
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
        row.ActualTotalPerformances.ToString(CultureInfo.InvariantCulture), r.Station,
    });

    public static string Text(SoundExchangeReport r)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join('\t', Columns)).Append("\r\n");
        foreach (var row in Rows(r))
        {
            sb.Append(string.Join('\t', row.Select(v => Ascii(Clean(v))))).Append("\r\n");
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

    /// <summary>The value in ASCII: letters without their accents (Unicode decomposition, marks
    /// dropped), a few common letters spelled out (ß, æ, ø, œ, ł, đ, þ), typographic quotes and dashes
    /// as their ASCII forms, anything else '?'.</summary>
    public static string Ascii(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value.Normalize(NormalizationForm.FormKD))
        {
            if (c < 128)
            {
                sb.Append(c);
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) is not (UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark))
            {
                sb.Append(c switch
                {
                    'ß' => "ss", 'æ' => "ae", 'Æ' => "AE", 'ø' => "o", 'Ø' => "O", 'œ' => "oe", 'Œ' => "OE", 'ł' => "l", 'Ł' => "L",
                    'đ' => "d", 'Đ' => "D", 'þ' => "th", 'Þ' => "Th", 'ð' => "d", 'Ð' => "D",
                    '\u2018' or '\u2019' or '\u201B' or '\u2032' => "'", '\u201C' or '\u201D' or '\u201F' or '\u2033' => "\"",
                    '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' => "-", '\u2026' => "...", '\u00A0' => " ",
                    _ => "?",
                });
            }
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
