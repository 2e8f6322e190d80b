using System.Globalization;
using System.Text;

namespace Asteroid.Royalties;

/// <summary>The catalogue as CSV (RFC 4180): a header row naming the columns
/// <c>artist,title,album,label,isrc,durationSeconds,music,directLicense</c> (in any order; only
/// <c>title</c> is required, unknown names are refused), then one recording a row. <c>music</c> and
/// <c>directLicense</c> are true/false (also yes/no, 1/0; empty: music true, directLicense false).
/// The first problem stops the read and names its line.</summary>
public static class CatalogCsv
{
    public static readonly string[] Columns = ["artist", "title", "album", "label", "isrc", "durationSeconds", "music", "directLicense"];

    /// <summary>Most rows one catalogue holds.</summary>
    public const int MaxRows = 200_000;

    public static (IReadOnlyList<CatalogEntry> Entries, CatalogProblem? Problem) Parse(TextReader reader)
    {
        var entries = new List<CatalogEntry>();
        var line = 1;
        var header = ReadRecord(reader, ref line, out var headerLine);
        if (header is null)
        {
            return ([], new CatalogProblem(1, "the file is empty: the first line names the columns " + string.Join(',', Columns)));
        }

        if (header.Problem is { } hp)
        {
            return ([], new CatalogProblem(headerLine, hp));
        }

        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Fields.Count; i++)
        {
            var name = header.Fields[i].Trim().TrimStart('\uFEFF');
            var known = Columns.FirstOrDefault(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase));
            if (known is null)
            {
                return ([], new CatalogProblem(headerLine, $"unknown column '{Shorten(name)}': the columns are {string.Join(',', Columns)}"));
            }

            if (!index.TryAdd(known, i))
            {
                return ([], new CatalogProblem(headerLine, $"column '{known}' appears twice"));
            }
        }

        if (!index.ContainsKey("title"))
        {
            return ([], new CatalogProblem(headerLine, "the header has no 'title' column"));
        }

        while (ReadRecord(reader, ref line, out var at) is { } record)
        {
            if (record.Problem is { } p)
            {
                return ([], new CatalogProblem(at, p));
            }

            if (record.Fields.Count == 1 && record.Fields[0].Length == 0)
            {
                continue; // an empty line
            }

            if (record.Fields.Count != header.Fields.Count)
            {
                return ([], new CatalogProblem(at, $"{record.Fields.Count} fields where the header has {header.Fields.Count}"));
            }

            if (entries.Count == MaxRows)
            {
                return ([], new CatalogProblem(at, $"more than {MaxRows} rows"));
            }

            var (entry, problem) = Entry(name => index.TryGetValue(name, out var i) ? record.Fields[i] : null);
            if (problem is not null)
            {
                return ([], new CatalogProblem(at, problem));
            }

            entries.Add(entry!);
        }

        return (entries, null);
    }

    /// <summary>A catalogue row from its cells (null: column absent), or why it is not one.</summary>
    public static (CatalogEntry? Entry, string? Problem) Entry(Func<string, string?> cell)
    {
        var title = Asteroid.Tracks.TrackNames.Clean(cell("title"));
        if (title is null)
        {
            return (null, "title is empty");
        }

        string? isrc = null;
        if (cell("isrc") is { } rawIsrc && !string.IsNullOrWhiteSpace(rawIsrc))
        {
            isrc = RoyaltyNames.Isrc(rawIsrc);
            if (isrc is null)
            {
                return (null, $"isrc '{Shorten(rawIsrc)}' is not an ISRC (CC-XXX-YY-NNNNN: 2 letters, 3 letters or digits, 7 digits)");
            }
        }

        int? duration = null;
        if (cell("durationSeconds") is { } rawDuration && !string.IsNullOrWhiteSpace(rawDuration))
        {
            if (!int.TryParse(rawDuration.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var d) || d > 86_400)
            {
                return (null, $"durationSeconds '{Shorten(rawDuration)}' is not a whole number of seconds from 0 to 86400");
            }

            duration = d;
        }

        var (music, mp) = Flag(cell("music"), true, "music");
        var (direct, dp) = Flag(cell("directLicense"), false, "directLicense");
        if ((mp ?? dp) is { } flagProblem)
        {
            return (null, flagProblem);
        }

        return (new CatalogEntry(Asteroid.Tracks.TrackNames.Clean(cell("artist")), title, Asteroid.Tracks.TrackNames.Clean(cell("album")),
            Asteroid.Tracks.TrackNames.Clean(cell("label")), isrc, duration, music, direct), null);
    }

    /// <summary>The catalogue as CSV with the header row (CRLF line ends; a cell a spreadsheet would run as a formula gets a leading apostrophe).</summary>
    public static void Write(TextWriter writer, IEnumerable<CatalogEntry> entries)
    {
        writer.Write(string.Join(',', Columns));
        writer.Write("\r\n");
        foreach (var e in entries)
        {
            writer.Write(string.Join(',', Quote(e.Artist), Quote(e.Title), Quote(e.Album), Quote(e.Label), Quote(e.Isrc),
                e.DurationSeconds?.ToString(CultureInfo.InvariantCulture) ?? "", e.Music ? "true" : "false", e.DirectLicense ? "true" : "false"));
            writer.Write("\r\n");
        }
    }

    private static string Quote(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        if (text[0] is '=' or '+' or '-' or '@')
        {
            text = "'" + text;
        }

        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 || text != text.Trim() ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    private static (bool Value, string? Problem) Flag(string? raw, bool empty, string name) => raw?.Trim().ToLowerInvariant() switch
    {
        null or "" => (empty, null),
        "true" or "yes" or "1" or "y" => (true, null),
        "false" or "no" or "0" or "n" => (false, null),
        _ => (false, $"{name} '{Shorten(raw!)}' is not true or false"),
    };

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;

    private sealed record class Record(List<string> Fields, string? Problem);

    /// <summary>One record; <paramref name="line"/> moves past it (quoted fields may span lines);
    /// <paramref name="startLine"/> is the line it starts on. Null at the end of the text.</summary>
    private static Record? ReadRecord(TextReader reader, ref int line, out int startLine)
    {
        startLine = line;
        if (reader.Peek() < 0)
        {
            return null;
        }

        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var wasQuoted = false;
        while (true)
        {
            var c = reader.Read();
            if (c < 0)
            {
                if (quoted)
                {
                    return new Record(fields, "a quoted field is not closed before the end of the file");
                }

                fields.Add(field.ToString());
                return new Record(fields, null);
            }

            if (field.Length > 4096)
            {
                return new Record(fields, "a field is longer than 4096 characters");
            }

            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append((char)c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0 && !wasQuoted:
                    quoted = wasQuoted = true;
                    break;
                case '"':
                    return new Record(fields, "a quote inside an unquoted field (quote the field and double the quote)");
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    wasQuoted = false;
                    break;
                case '\r' when reader.Peek() == '\n':
                    break;
                case '\n' or '\r':
                    line++;
                    fields.Add(field.ToString());
                    return new Record(fields, null);
                default:
                    if (wasQuoted)
                    {
                        return new Record(fields, "text after the closing quote of a field");
                    }

                    field.Append((char)c);
                    break;
            }
        }
    }
}

/// <summary>Why a catalogue file was refused: the line (1 is the header) and the cause.</summary>
public sealed record class CatalogProblem(int Line, string Detail);
