namespace Asteroid.Bench.Infrastructure;

/// <summary>What one run measures and at which size. <c>--quick</c> scales everything down (a
/// 300,000-session history, 50,000 listeners, fewer repetitions and shorter windows) so the whole
/// run stays under 5 minutes: a smoke test of the scenarios, not figures to quote.</summary>
public sealed record class BenchSettings(
    bool Quick,
    string AdminConnectionString,
    string WebDll,
    string WebContentRoot,
    string ResultsFolder,
    IReadOnlySet<string> Only,
    int Seed)
{
    public int HistorySessions => Quick ? 300_000 : 10_000_000;

    public int Repetitions => Quick ? 3 : 5;

    public int QueryRepetitions => Quick ? 20 : 60;

    public int SeedQueryRepetitions => Quick ? 3 : 5;

    public int WriteRows => Quick ? 50_000 : 300_000;

    /// <summary>How long a steady-state or churn window of the listener scenario lasts.</summary>
    public TimeSpan Window => TimeSpan.FromSeconds(Quick ? 15 : 60);

    public bool Runs(string scenario) => Only.Count == 0 || Only.Contains(scenario);

    public string ConnectionString(string database) =>
        new Npgsql.NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database, MaxPoolSize = 50 }.ConnectionString;

    public static BenchSettings Parse(string[] args)
    {
        string Value(string name, string? fallback = null)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback ?? throw new ArgumentException($"{name} is required");
        }

        var only = Value("--only", "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
        return new BenchSettings(args.Contains("--quick"), Value("--pg"), Value("--web"), Value("--web-root"), Value("--out"), only,
            int.Parse(Value("--seed", "20261123"), System.Globalization.CultureInfo.InvariantCulture));
    }
}
