using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Asteroid.IntegrationTests.Infrastructure;

namespace Asteroid.IntegrationTests.Alerts;

/// <summary>A real Prometheus (Debian's, on a loopback port, its own temporary folder) scrapes the
/// app's <c>/metrics</c> with a key and loads deploy/prometheus/alerts.yml: the scraped series come
/// back from its query API and every rule evaluates without error.</summary>
public sealed class PrometheusScrapeTests : IAsyncLifetime
{
    private const string MetricsKey = "prometheus-scrape-key-0123456789";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    private readonly TestDatabase _database = TestDatabase.Create();
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "asteroid-prometheus-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private AsteroidApp _app = null!;
    private Process? _prometheus;
    private Uri _prometheusUrl = null!;

    public async Task InitializeAsync()
    {
        _app = new AsteroidApp(_database, new Dictionary<string, string?> { ["Metrics:ApiKeys:0"] = MetricsKey });
        var app = _app.StartOnLoopback();
        Directory.CreateDirectory(_dir);
        File.Copy(Path.Combine(RepoPaths.Root, "deploy", "prometheus", "alerts.yml"), Path.Combine(_dir, "alerts.yml"));
        await File.WriteAllTextAsync(Path.Combine(_dir, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files:
              - alerts.yml
            scrape_configs:
              - job_name: asteroid-web
                authorization:
                  credentials: {MetricsKey}
                static_configs:
                  - targets: ["{app.Authority}"]
            """);
        var port = FreePort.Next();
        _prometheusUrl = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("prometheus")
        {
            WorkingDirectory = _dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
        {
            "--config.file=" + Path.Combine(_dir, "prometheus.yml"),
            "--storage.tsdb.path=" + Path.Combine(_dir, "data"),
            $"--web.listen-address=127.0.0.1:{port}",
        })
        {
            start.ArgumentList.Add(arg);
        }

        _prometheus = Process.Start(start)!;
        _prometheus.OutputDataReceived += (_, _) => { };
        _prometheus.ErrorDataReceived += (_, _) => { };
        _prometheus.BeginOutputReadLine();
        _prometheus.BeginErrorReadLine();
    }

    [Fact]
    public async Task Prometheus_scrapes_metrics_and_evaluates_the_operators_rules()
    {
        var up = await Eventually.Get(() => QueryAsync("up{job=\"asteroid-web\"}"), r => r.Count == 1 && Value(r[0]) == 1, Within,
            "Prometheus scraped the app (up == 1)");
        Assert.Equal(1, Value(up[0]));

        // A series of the Asteroid meter, read back from Prometheus: the write buffers' depth gauge.
        var depth = await Eventually.Get(() => QueryAsync("asteroid_buffer_depth"), r => r.Count > 0, Within,
            "asteroid_buffer_depth scraped");
        Assert.All(depth, s => Assert.False(string.IsNullOrEmpty((string?)s["metric"]!["buffer"])));

        // Every rule evaluated without error; with the node scraped (up == 1) the node-down rules are
        // inactive (right after start, before the first scrape, AllNodesDown may be pending for a moment).
        var groups = await Eventually.Get(RuleGroupsAsync, g => g.Count > 0 && g.SelectMany(Rules).All(r => Evaluated(r))
            && g.SelectMany(Rules).Where(r => ((string?)r["name"])!.EndsWith("Down", StringComparison.Ordinal)).All(r => (string?)r["state"] == "inactive"),
            Within, "every rule of alerts.yml evaluated, the node-down rules inactive");
        var rules = groups.SelectMany(Rules).ToList();
        Assert.Contains(rules, r => (string?)r["name"] == "AsteroidNodeDown");
        Assert.Contains(rules, r => (string?)r["name"] == "AsteroidAllNodesDown");
        Assert.Equal(8, rules.Count);
        Assert.All(rules, r => Assert.Equal("ok", (string?)r["health"]));
    }

    private static bool Evaluated(JsonNode rule) => (string?)rule["lastEvaluation"] is { } at && !at.StartsWith("0001", StringComparison.Ordinal);

    private static IEnumerable<JsonNode> Rules(JsonNode group) => group["rules"]!.AsArray().Select(r => r!);

    private static double Value(JsonNode series) => double.Parse((string)series["value"]![1]!, CultureInfo.InvariantCulture);

    private async Task<List<JsonNode>> QueryAsync(string query)
    {
        try
        {
            var answer = await _http.GetFromJsonAsync<JsonNode>(new Uri(_prometheusUrl, "/api/v1/query?query=" + Uri.EscapeDataString(query)));
            return answer!["data"]!["result"]!.AsArray().Select(n => n!).ToList();
        }
        catch (HttpRequestException)
        {
            return []; // not listening yet
        }
    }

    private async Task<List<JsonNode>> RuleGroupsAsync()
    {
        try
        {
            var answer = await _http.GetFromJsonAsync<JsonNode>(new Uri(_prometheusUrl, "/api/v1/rules"));
            return answer!["data"]!["groups"]!.AsArray().Select(n => n!).ToList();
        }
        catch (HttpRequestException)
        {
            return [];
        }
    }

    public async Task DisposeAsync()
    {
        if (_prometheus is { HasExited: false })
        {
            _prometheus.Kill();
            await _prometheus.WaitForExitAsync();
        }

        _prometheus?.Dispose();
        _http.Dispose();
        await _app.DisposeAsync();
        await _database.DisposeAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
