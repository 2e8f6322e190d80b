using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Asteroid.IntegrationTests.Upgrade;

/// <summary>Compares an answer recorded earlier (JSON or CSV text) with the answer given now and lists
/// the differences. Field names, row order, strings, booleans, nulls and integers must be identical;
/// an answer may gain fields (JSON properties, CSV columns). With <see cref="Precision.MoreDecimals"/>
/// a recorded number also matches a newer value written with more decimals that lies as close to it
/// as the recorded rounding allows: the previous main rounded minutes, AAS and AQH (and the hourly
/// profiles' averages) to 2 decimals and the bounce rate to 4, the current code keeps at least 4 —
/// so within 0.005 of a recorded number of at most 2 decimals, within 0.00005 of one of 3–4, plus
/// 0.00005 for the new value's own rounding to 4 decimals (0.01 for the hourly profiles, which the
/// previous main averaged from already rounded values: <see cref="IsAverageOfRounded"/>). Rows of the sessions export (rows with
/// <c>sessionId</c> and <c>startedAt</c>) are ordered by start only, so sessions that start in the
/// same second come in no defined order: within such a tie both sides are put in sessionId order
/// before they are compared.</summary>
public static class AnswerComparison
{
    public enum Precision
    {
        Exact,
        MoreDecimals,
    }

    private const decimal NewRounding = 0.00005m;
    private const string TieColumn = "startedAt";
    private const string IdColumn = "sessionId";

    public static List<string> Compare(string name, string recorded, string current, Precision precision) =>
        name.EndsWith(".csv", StringComparison.Ordinal) ? CompareCsv(recorded, current, precision) : CompareJson(recorded, current, precision);

    public static List<string> CompareJson(string recorded, string current, Precision precision)
    {
        var differences = new List<string>();
        using var old = JsonDocument.Parse(OrderTies(recorded));
        JsonDocument now;
        try
        {
            now = JsonDocument.Parse(OrderTies(current));
        }
        catch (JsonException ex)
        {
            return [$"the answer is not JSON: {ex.Message}"];
        }

        using (now)
        {
            Compare("$", old.RootElement, now.RootElement, precision, differences);
        }

        return differences;
    }

    public static List<string> CompareCsv(string recorded, string current, Precision precision)
    {
        var old = OrderTies(ParseCsv(recorded));
        var now = OrderTies(ParseCsv(current));
        if (now.Count == 0)
        {
            return ["the answer has no header row"];
        }

        var differences = new List<string>();
        var columns = old[0].Select(name => (Name: name, Index: now[0].IndexOf(name))).ToList();
        differences.AddRange(columns.Where(c => c.Index < 0).Select(c => $"column '{c.Name}' is missing"));
        if (old.Count != now.Count)
        {
            differences.Add($"{old.Count - 1} rows were recorded, {now.Count - 1} are answered now");
        }

        for (var row = 1; row < Math.Min(old.Count, now.Count); row++)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                var (name, index) = columns[i];
                var was = old[row][i];
                var @is = index >= 0 && index < now[row].Count ? now[row][index] : null;
                if (@is is not null && !SameScalar(was, @is, precision))
                {
                    differences.Add($"row {row}, {name}: recorded '{was}', now '{@is}'");
                }
            }
        }

        return differences;
    }

    /// <summary>The hourly profiles (<c>hourOfDay</c>, <c>dayOfWeek</c>): the previous main averaged
    /// per-hour values it had already rounded to 2 decimals and rounded the average again, so a
    /// recorded profile value lies within 0.005 + 0.005 of the exact average the current code gives.</summary>
    public static bool IsAverageOfRounded(string path) => path.Contains(".hourOfDay[", StringComparison.Ordinal) || path.Contains(".dayOfWeek[", StringComparison.Ordinal);

    /// <summary>Numbers compare as decimals; everything else as text.</summary>
    public static bool SameScalar(string recorded, string current, Precision precision, bool averageOfRounded = false)
    {
        const NumberStyles style = NumberStyles.Float;
        if (!decimal.TryParse(recorded, style, CultureInfo.InvariantCulture, out var was)
            || !decimal.TryParse(current, style, CultureInfo.InvariantCulture, out var now))
        {
            return recorded == current;
        }

        var recordedRounding = Scale(was) <= 2 ? (averageOfRounded ? 0.01m : 0.005m) : 0.00005m;
        return was == now
            || (precision == Precision.MoreDecimals && Scale(was) <= 4 && Scale(now) > Math.Max(2, Scale(was))
                && Math.Abs(now - was) <= recordedRounding + NewRounding);
    }

    private static List<List<string>> OrderTies(List<List<string>> rows)
    {
        var tie = rows.Count == 0 ? -1 : rows[0].IndexOf(TieColumn);
        var id = rows.Count == 0 ? -1 : rows[0].IndexOf(IdColumn);
        if (tie < 0 || id < 0)
        {
            return rows;
        }

        return [rows[0], .. OrderTies(rows.Skip(1).ToList(), r => r.ElementAtOrDefault(tie), r => r.ElementAtOrDefault(id))];
    }

    private static string OrderTies(string json)
    {
        if (JsonNode.Parse(json) is not JsonArray array || !array.All(e => e is JsonObject o && o.ContainsKey(TieColumn) && o.ContainsKey(IdColumn)))
        {
            return json;
        }

        var ordered = OrderTies(array.Select(e => e!.DeepClone()).ToList(), e => e![TieColumn]?.ToJsonString(), e => e![IdColumn]?.ToJsonString());
        return new JsonArray([.. ordered]).ToJsonString();
    }

    /// <summary>Keeps the order of rows, but sorts each run of rows with an equal tie key by id.</summary>
    private static IEnumerable<T> OrderTies<T>(List<T> rows, Func<T, string?> tieKey, Func<T, string?> id)
    {
        for (var start = 0; start < rows.Count;)
        {
            var end = start + 1;
            while (end < rows.Count && tieKey(rows[end]) == tieKey(rows[start]))
            {
                end++;
            }

            foreach (var row in rows.Skip(start).Take(end - start).OrderBy(id, StringComparer.Ordinal))
            {
                yield return row;
            }

            start = end;
        }
    }

    private static int Scale(decimal value) => (decimal.GetBits(value)[3] >> 16) & 0xFF;

    private static void Compare(string path, JsonElement old, JsonElement now, Precision precision, List<string> differences)
    {
        if (differences.Count >= 50)
        {
            return;
        }

        if (old.ValueKind != now.ValueKind && !(IsBoolean(old) && IsBoolean(now)))
        {
            differences.Add($"{path}: recorded {old.ValueKind} {Short(old)}, now {now.ValueKind} {Short(now)}");
            return;
        }

        switch (old.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in old.EnumerateObject())
                {
                    if (now.TryGetProperty(property.Name, out var value))
                    {
                        Compare($"{path}.{property.Name}", property.Value, value, precision, differences);
                    }
                    else
                    {
                        differences.Add($"{path}.{property.Name} is missing");
                    }
                }

                break;
            case JsonValueKind.Array:
                var (was, @is) = (old.GetArrayLength(), now.GetArrayLength());
                if (was != @is)
                {
                    differences.Add($"{path}: {was} items were recorded, {@is} are answered now");
                }

                for (var i = 0; i < Math.Min(was, @is); i++)
                {
                    Compare($"{path}[{i}]", old[i], now[i], precision, differences);
                }

                break;
            case JsonValueKind.Number:
                if (!SameScalar(old.GetRawText(), now.GetRawText(), precision, IsAverageOfRounded(path)))
                {
                    differences.Add($"{path}: recorded {old.GetRawText()}, now {now.GetRawText()}");
                }

                break;
            case JsonValueKind.String:
                if (old.GetString() != now.GetString())
                {
                    differences.Add($"{path}: recorded \"{old.GetString()}\", now \"{now.GetString()}\"");
                }

                break;
            default:
                if (old.ValueKind != now.ValueKind)
                {
                    differences.Add($"{path}: recorded {old.ValueKind}, now {now.ValueKind}");
                }

                break;
        }
    }

    private static bool IsBoolean(JsonElement e) => e.ValueKind is JsonValueKind.True or JsonValueKind.False;

    private static string Short(JsonElement e)
    {
        var text = e.GetRawText();
        return text.Length > 60 ? text[..60] + "…" : text;
    }

    /// <summary>RFC 4180: rows end with CRLF (or LF), cells in double quotes may hold commas, quotes
    /// (doubled) and line breaks.</summary>
    public static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                row.Add(cell.ToString());
                cell.Clear();
                rows.Add(row);
                row = [];
            }
            else
            {
                cell.Append(c);
            }
        }

        if (cell.Length > 0 || row.Count > 0)
        {
            row.Add(cell.ToString());
            rows.Add(row);
        }

        return rows;
    }
}
