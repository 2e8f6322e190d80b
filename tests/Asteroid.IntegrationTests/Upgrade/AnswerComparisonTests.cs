using System.Text.Json.Nodes;
using static Asteroid.IntegrationTests.Upgrade.AnswerComparison;

namespace Asteroid.IntegrationTests.Upgrade;

/// <summary>The comparison the upgrade and restore tests rely on: it accepts exactly the allowed
/// differences (more decimals, new fields) and fails on anything else, on the fixture's own answers.</summary>
public sealed class AnswerComparisonTests
{
    private static string Recorded(string file) =>
        File.ReadAllText(Path.Combine(UpgradeFromPreviousMainTests.FixtureDirectory, "answers", file));

    [Fact]
    public void Every_recorded_answer_equals_itself()
    {
        foreach (var (file, _) in UpgradeFromPreviousMainTests.AnswerList(UpgradeFromPreviousMainTests.FixtureDirectory))
        {
            Assert.Empty(Compare(file, Recorded(file), Recorded(file), Precision.Exact));
        }
    }

    [Fact]
    public void More_decimals_and_new_fields_are_allowed_but_only_with_the_precision_rule()
    {
        var recorded = Recorded("daily.radio1.json");
        var day = JsonNode.Parse(recorded)!["days"]![0]!.AsObject();
        var minutes = day["listenMinutes"]!.GetValue<decimal>();
        var current = JsonNode.Parse(recorded)!;
        current["days"]![0]!["listenMinutes"] = minutes + 0.0049m;
        current["days"]![0]!["aqh"] = day["aqh"]!.GetValue<decimal>() - 0.005m + 0.0001m;
        current["days"]![0]!["bounceRate"] = day["bounceRate"]!.GetValue<decimal>() + 0.00004m;
        current["days"]![0]!["someNewField"] = 1;
        current["schemaVersion"] = 2;

        Assert.Empty(Compare("daily.radio1.json", recorded, current.ToJsonString(), Precision.MoreDecimals));
        Assert.Equal(3, Compare("daily.radio1.json", recorded, current.ToJsonString(), Precision.Exact).Count);
    }

    [Fact]
    public void Hourly_profiles_may_differ_by_the_double_rounding_of_the_previous_main_and_no_more()
    {
        Assert.True(AnswerComparison.SameScalar("11.15", "11.1445", Precision.MoreDecimals, averageOfRounded: true));
        Assert.False(AnswerComparison.SameScalar("11.15", "11.1445", Precision.MoreDecimals));
        Assert.False(AnswerComparison.SameScalar("11.15", "11.1390", Precision.MoreDecimals, averageOfRounded: true));
        Assert.True(AnswerComparison.IsAverageOfRounded("$.hourOfDay[0].aas"));
        Assert.False(AnswerComparison.IsAverageOfRounded("$.hours[0].aas"));
    }

    [Theory]
    [InlineData("listenMinutes", "0.01")]     // a changed 2-decimal value
    [InlineData("listenMinutes", "0.0062")]   // more decimals, but further than half a unit away
    [InlineData("bounceRate", "0.0003")]      // a changed 4-decimal value
    [InlineData("aas", "0.4")]                // a changed 2-decimal value, by more
    [InlineData("sessions", "1")]             // a changed integer
    [InlineData("uniqueListeners", "0.01")]   // an integer that became fractional
    [InlineData("peakAt", "offset")]          // the same instant written in another offset
    [InlineData("uniqueListenersExact", "flip")]
    [InlineData("newListeners", "remove")]
    public void A_changed_number_timestamp_flag_or_missing_field_fails(string field, string change)
    {
        var recorded = Recorded("daily.radio1.json");
        var current = JsonNode.Parse(recorded)!;
        var day = current["days"]![1]!.AsObject();
        switch (change)
        {
            case "offset":
                day[field] = DateTimeOffset.Parse(day[field]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture);
                break;
            case "flip":
                day[field] = !day[field]!.GetValue<bool>();
                break;
            case "remove":
                day.Remove(field);
                break;
            default:
                day[field] = day[field]!.GetValue<decimal>() + decimal.Parse(change, System.Globalization.CultureInfo.InvariantCulture);
                break;
        }

        var differences = Compare("daily.radio1.json", recorded, current.ToJsonString(), Precision.MoreDecimals);

        Assert.Contains(differences, d => d.Contains($"[1].{field}", StringComparison.Ordinal));
    }

    [Fact]
    public void A_csv_answer_may_gain_columns_but_not_lose_or_change_cells()
    {
        var recorded = Recorded("export-sessions.radio1.csv");
        var rows = ParseCsv(recorded);

        Assert.Empty(CompareCsv(recorded, Csv(rows.Select((r, i) => r.Append(i == 0 ? "extra" : "x"))), Precision.Exact));

        var changed = rows.Select(r => r.ToList()).ToList();
        changed[5][rows[0].IndexOf("listenerKey")] = "0000";
        Assert.Single(CompareCsv(recorded, Csv(changed), Precision.MoreDecimals));
        Assert.NotEmpty(CompareCsv(recorded, Csv(rows.Take(rows.Count - 1)), Precision.MoreDecimals));
        Assert.NotEmpty(CompareCsv(recorded, Csv(rows.Select(r => r.Skip(1))), Precision.MoreDecimals));
    }

    [Fact]
    public void Sessions_that_start_in_the_same_second_may_come_in_either_order_but_no_others()
    {
        var recorded = Recorded("export-sessions.radio1.csv");
        var rows = ParseCsv(recorded);
        var start = rows[0].IndexOf("startedAt");
        List<List<string>> Swapped(int i)
        {
            var copy = rows.Select(r => r.ToList()).ToList();
            (copy[i], copy[i + 1]) = (copy[i + 1], copy[i]);
            return copy;
        }

        var tie = Enumerable.Range(1, rows.Count - 2).First(i => rows[i][start] == rows[i + 1][start]);
        var noTie = Enumerable.Range(1, rows.Count - 2).First(i => rows[i][start] != rows[i + 1][start]);

        Assert.Empty(CompareCsv(recorded, Csv(Swapped(tie)), Precision.Exact));
        Assert.NotEmpty(CompareCsv(recorded, Csv(Swapped(noTie)), Precision.MoreDecimals));
    }

    private static string Csv(IEnumerable<IEnumerable<string>> table) =>
        string.Concat(table.Select(r => string.Join(',', r.Select(c => '"' + c.Replace("\"", "\"\"") + '"')) + "\r\n"));
}
