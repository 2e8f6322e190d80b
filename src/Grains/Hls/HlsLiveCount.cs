using System.Globalization;

namespace Asteroid.Hls;

/// <summary>The current HLS listeners of one stream, read from HAProxy's runtime API (docs/metrics.md,
/// "Live HLS counts"). Rules:
/// <list type="bullet">
/// <item><c>show table NAME</c>: HAProxy tracks each client (<c>http-request track-sc0 src table NAME</c>)
/// in a stick table whose <c>expire</c> is the listener's grace (a player fetches a playlist or segment
/// every target duration, so an entry lives while it plays). Each entry is one listener, except an entry
/// whose stored <c>http_req_rate(period)</c> is 0 (no request within that period) or whose <c>exp</c> is 0
/// (expiring now). The keys (client addresses) are never kept: only counted.</item>
/// <item><c>show stat</c> (CSV): the <c>scur</c> (current sessions) of the stream's backend row
/// (<c>svname</c> <c>BACKEND</c>) — a rough count, for setups without a stick table.</item>
/// <item>An answer that is not the table asked for (<c>No such table</c>, another command's output) or a CSV
/// without the backend is malformed: no count, the last one stays.</item>
/// </list></summary>
public static class HlsLiveCount
{
    public static int? FromTable(string answer, string table, out string? error)
    {
        error = null;
        var count = 0;
        var headerSeen = false;
        foreach (var raw in answer.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("# table: ", StringComparison.Ordinal))
            {
                var name = line["# table: ".Length..].Split(',', 2)[0].Trim();
                headerSeen = name == table;
                if (!headerSeen)
                {
                    error = $"HAProxy answered for table '{name}', not '{table}'";
                    return null;
                }

                continue;
            }

            if (!headerSeen || !line.StartsWith("0x", StringComparison.Ordinal) || !line.Contains(": key=", StringComparison.Ordinal))
            {
                error = headerSeen ? "not a stick table entry: " + Describe(line) : "not a stick table: " + Describe(line);
                return null;
            }

            if (Counts(line))
            {
                count++;
            }
        }

        if (!headerSeen)
        {
            error = "empty answer (is the table name right?)";
            return null;
        }

        return count;
    }

    public static int? FromStat(string csv, string backend, out string? error)
    {
        error = null;
        var lines = csv.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0 || !lines[0].StartsWith("# ", StringComparison.Ordinal))
        {
            error = "not HAProxy's show stat CSV";
            return null;
        }

        var columns = lines[0][2..].Split(',');
        var px = Array.IndexOf(columns, "pxname");
        var sv = Array.IndexOf(columns, "svname");
        var scur = Array.IndexOf(columns, "scur");
        if (px < 0 || sv < 0 || scur < 0)
        {
            error = "show stat CSV without pxname, svname or scur";
            return null;
        }

        foreach (var line in lines.Skip(1))
        {
            var fields = line.Split(',');
            if (fields.Length > Math.Max(px, Math.Max(sv, scur)) && fields[px] == backend && fields[sv] == "BACKEND")
            {
                if (int.TryParse(fields[scur], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                {
                    return n;
                }

                error = $"unreadable scur of backend '{backend}'";
                return null;
            }
        }

        error = $"no backend '{backend}' in show stat";
        return null;
    }

    private static bool Counts(string line)
    {
        foreach (var field in line.Split(' '))
        {
            var eq = field.IndexOf('=');
            if (eq < 0)
            {
                continue;
            }

            var name = field[..eq];
            var value = field[(eq + 1)..];
            if (name == "exp" && value == "0")
            {
                return false;
            }

            if (name.StartsWith("http_req_rate(", StringComparison.Ordinal) && value == "0")
            {
                return false;
            }
        }

        return true;
    }

    // The answer's text may hold a client address (an entry's key): an error says what it saw without it.
    /// <summary>What an unexpected line was, never its text: HAProxy's answers hold client addresses.</summary>
    private static string Describe(string line) => $"a line of {line.Length} characters";
}
