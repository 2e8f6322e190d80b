namespace Asteroid.Shows;

/// <summary>Where an iCalendar text is malformed: the line (1-based, of the file as sent; 0 when
/// unknown) and the cause.</summary>
public sealed class IcsFormatException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}

/// <summary>One VEVENT of the file as the structural check saw it: the line of its BEGIN, its UID and
/// how many RRULE and EXRULE lines it has (the parser keeps only one rule).</summary>
public sealed record class IcsEventLines(int Line, string? Uid, bool RecurrenceId, int RRules, int ExRules);

/// <summary>The structural check of an iCalendar text before it is parsed (pure), with line numbers
/// the parser does not give: every unfolded line is <c>NAME[;PARAM=…]:value</c>, BEGIN/END nest, the
/// file is one VCALENDAR, content lines are at most <see cref="MaxLineLength"/> characters and it
/// has at most <see cref="MaxEvents"/> VEVENTs.</summary>
public static class IcsText
{
    public const int MaxLineLength = 1 << 16;
    public const int MaxEvents = 2000;

    /// <summary>The content lines with the number of their first physical line.</summary>
    public static List<(int Line, string Text)> Unfold(string text)
    {
        var lines = new List<(int, string)>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.EndsWith('\r') ? raw[..^1] : raw;
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t') && lines.Count > 0)
            {
                var (first, previous) = lines[^1];
                if (previous.Length + line.Length > MaxLineLength)
                {
                    throw new IcsFormatException(first, $"line {first}: a content line is at most {MaxLineLength} characters");
                }

                lines[^1] = (first, previous + line[1..]);
            }
            else if (line.Length > 0)
            {
                if (line.Length > MaxLineLength)
                {
                    throw new IcsFormatException(number, $"line {number}: a content line is at most {MaxLineLength} characters");
                }

                lines.Add((number, line));
            }
        }

        return lines;
    }

    /// <summary>The VEVENTs directly in the VCALENDAR, in file order; throws <see cref="IcsFormatException"/>.</summary>
    public static List<IcsEventLines> Check(string text)
    {
        if (text.Contains('\0'))
        {
            throw new IcsFormatException(0, "the body is binary, not an iCalendar text");
        }

        var lines = Unfold(text);
        if (lines.Count == 0 || !lines[0].Text.Equals("BEGIN:VCALENDAR", StringComparison.OrdinalIgnoreCase))
        {
            throw new IcsFormatException(lines.Count == 0 ? 0 : lines[0].Line, lines.Count == 0
                ? "the body is empty: an iCalendar file starts with BEGIN:VCALENDAR"
                : $"line {lines[0].Line}: an iCalendar file starts with BEGIN:VCALENDAR");
        }

        var stack = new Stack<(string Name, int Line)>();
        var events = new List<IcsEventLines>();
        IcsEventLines? current = null;
        var ended = false;
        foreach (var (number, line) in lines)
        {
            if (ended)
            {
                throw new IcsFormatException(number, $"line {number}: text after END:VCALENDAR");
            }

            var (name, value) = Split(line) ?? throw new IcsFormatException(number,
                $"line {number}: not an iCalendar content line (NAME[;PARAM=value]:value): '{Shorten(line)}'");
            if (name == "BEGIN")
            {
                var component = value.Trim().ToUpperInvariant();
                if (stack.Count == 1 && component == "VEVENT")
                {
                    if (events.Count >= MaxEvents)
                    {
                        throw new IcsFormatException(number, $"line {number}: a calendar import has at most {MaxEvents} events");
                    }

                    current = new IcsEventLines(number, null, false, 0, 0);
                }

                stack.Push((component, number));
            }
            else if (name == "END")
            {
                var component = value.Trim().ToUpperInvariant();
                if (stack.Count == 0 || stack.Peek().Name != component)
                {
                    throw new IcsFormatException(number, stack.Count == 0
                        ? $"line {number}: END:{component} without a BEGIN"
                        : $"line {number}: END:{component} closes BEGIN:{stack.Peek().Name} of line {stack.Peek().Line}");
                }

                stack.Pop();
                if (stack.Count == 1 && component == "VEVENT" && current is not null)
                {
                    events.Add(current);
                    current = null;
                }

                ended = stack.Count == 0;
            }
            else if (current is not null && stack.Count == 2)
            {
                current = name switch
                {
                    "UID" => current with { Uid = value },
                    "RECURRENCE-ID" => current with { RecurrenceId = true },
                    "RRULE" => current with { RRules = current.RRules + 1 },
                    "EXRULE" => current with { ExRules = current.ExRules + 1 },
                    _ => current,
                };
            }
        }

        if (stack.Count > 0)
        {
            var (open, at) = stack.Peek();
            throw new IcsFormatException(at, $"line {at}: BEGIN:{open} is never closed");
        }

        return events;
    }

    /// <summary>The line of the file a parser message points at (a quoted fragment or a word in
    /// capitals of the message found in a line), or 0.</summary>
    public static int LineOf(string text, string message)
    {
        var candidates = new List<string>();
        var parts = message.Split('\'');
        for (var i = 1; i < parts.Length; i += 2)
        {
            if (parts[i].Length >= 3)
            {
                candidates.Add(parts[i]);
            }
        }

        candidates.AddRange(message.Split([' ', ',', '.', ';', ':', '(', ')', '\''], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Length >= 3 && w.All(c => char.IsAsciiLetterUpper(c) || c == '-')));
        var lines = Unfold(text);
        foreach (var candidate in candidates)
        {
            foreach (var (number, line) in lines)
            {
                if (line.Contains(candidate, StringComparison.OrdinalIgnoreCase))
                {
                    return number;
                }
            }
        }

        return 0;
    }

    private static (string Name, string Value)? Split(string line)
    {
        var nameEnd = 0;
        while (nameEnd < line.Length && (char.IsAsciiLetterOrDigit(line[nameEnd]) || line[nameEnd] == '-'))
        {
            nameEnd++;
        }

        if (nameEnd == 0 || nameEnd == line.Length || (line[nameEnd] != ':' && line[nameEnd] != ';'))
        {
            return null;
        }

        var quoted = false;
        for (var i = nameEnd; i < line.Length; i++)
        {
            if (line[i] == '"')
            {
                quoted = !quoted;
            }
            else if (line[i] == ':' && !quoted)
            {
                return (line[..nameEnd].ToUpperInvariant(), line[(i + 1)..]);
            }
            else if (char.IsControl(line[i]) && line[i] != '\t')
            {
                return null;
            }
        }

        return null;
    }

    private static string Shorten(string line) => line.Length > 60 ? line[..60] + "…" : line;
}
