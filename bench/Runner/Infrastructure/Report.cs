using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Asteroid.Bench.Infrastructure;

/// <summary>The results of one run: rows of (scenario, figure, value, unit, baseline, ratio, target,
/// note), printed as they come and written as Markdown and JSON into the results folder.</summary>
public sealed class Report(BenchSettings settings)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly List<Row> _rows = [];

    public sealed record class Row(string Scenario, string Figure, double Value, string Unit, string? Baseline, double? Ratio, string? Target, bool? Met, string? Note);

    public void Add(string scenario, string figure, double value, string unit, string? target = null, bool? met = null, string? note = null,
        string? baseline = null, double? ratio = null)
    {
        var row = new Row(scenario, figure, value, unit, baseline, ratio, target, met, note);
        _rows.Add(row);
        Console.WriteLine($"[bench] {scenario}: {figure} = {Format(value)} {unit}"
            + (ratio is { } r ? $" ({Format(r)}x vs {baseline})" : "")
            + (target is null ? "" : $" target {target}: {(met == true ? "met" : "MISSED")}")
            + (note is null ? "" : $" — {note}"));
    }

    public static void Log(string message) => Console.WriteLine($"[bench] {DateTime.UtcNow:HH:mm:ss} {message}");

    public async Task WriteAsync(TimeSpan elapsed)
    {
        Directory.CreateDirectory(settings.ResultsFolder);
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Benchmark run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC ({(settings.Quick ? "--quick" : "full")}, {elapsed.TotalMinutes:0.0} min)");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {Machine.MemoryDescription()}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        md.AppendLine();
        if (settings.Quick)
        {
            md.AppendLine("--quick scales every scenario down (a smoke test): the targets are for the full run, so \"met\" says little here.");
            md.AppendLine();
        }

        md.AppendLine("| scenario | figure | value | baseline | ratio | target | met | note |");
        md.AppendLine("|---|---|---:|---|---:|---|---|---|");
        foreach (var r in _rows)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Scenario} | {r.Figure} | {Format(r.Value)} {r.Unit} | {r.Baseline} | {(r.Ratio is { } x ? Format(x) + "×" : "")} | {r.Target} | {(r.Met is { } m ? (m ? "yes" : "**no**") : "")} | {r.Note} |");
        }

        await File.WriteAllTextAsync(Path.Combine(settings.ResultsFolder, "results.md"), md.ToString());
        await File.WriteAllTextAsync(Path.Combine(settings.ResultsFolder, "results.json"), JsonSerializer.Serialize(_rows, Indented));
        Console.WriteLine();
        Console.WriteLine(md);
    }

    public static string Format(double value) => Math.Abs(value) switch
    {
        >= 1000 => value.ToString("#,0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("0.0", CultureInfo.InvariantCulture),
        _ => value.ToString("0.###", CultureInfo.InvariantCulture),
    };
}
