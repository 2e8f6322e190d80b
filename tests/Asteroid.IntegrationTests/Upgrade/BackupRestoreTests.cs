using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Asteroid.IntegrationTests.Import;
using Asteroid.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Asteroid.IntegrationTests.Upgrade;

/// <summary>docs/operations.md "Backup and restore", step by step: a node collects data, an online
/// <c>pg_dump -Fc</c> is taken while it runs, the node goes away, the dump is <c>pg_restore</c>d into a
/// fresh database and a node with the same hash key and Orleans service id starts on it. It must
/// give exactly the same answers (same code: no precision allowance), and the same log imported
/// again must add nothing — import session ids are keyed with the hash key, as listener keys are.</summary>
public sealed class BackupRestoreTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] Requests =
    [
        "/admin/servers",
        "/admin/stations",
        "/stats/daily?station=radio1&from=2026-11-09&to=2026-11-12",
        "/stats/hourly?station=radio1&from=2026-11-09&to=2026-11-12",
        "/stats/hourly?station=radio1&date=2026-11-11",
        "/stats/geo?station=radio1&from=2026-11-09&to=2026-11-12",
        "/stats/summary?station=radio1&from=2026-11-09&to=2026-11-12",
        "/stats/summary?server=main&mount=/live.mp3&from=2026-11-09&to=2026-11-12",
        "/stats/daily?station=main&from=2026-11-09&to=2026-11-12",
        "/stats/export?dataset=sessions&format=csv&station=radio1&from=2026-11-09&to=2026-11-12",
    ];

    private static readonly string[] Agents =
    [
        "VLC/3.0.18 LibVLC/3.0.18", "Winamp/5.9", "foobar2000/2.1", "ExoPlayerLib/2.19.1",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    ];

    private readonly TestDatabase _source = TestDatabase.Create();
    private readonly TestDatabase _restored = TestDatabase.Create();
    private readonly string _dump = Path.Combine(Path.GetTempPath(), $"asteroid-backup-{Guid.NewGuid():N}.dump");

    // The days are fixed and in the past: the retention job (default 30 days) must not delete their raw sessions.
    private static readonly Dictionary<string, string?> Retention = new() { ["Retention:RawDays"] = "36600" };

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_dump_restored_into_a_fresh_database_gives_the_same_answers_and_keeps_listener_identity()
    {
        var log = Log();
        var sessions = log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        Dictionary<string, string> before;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await using (var app = new AsteroidApp(_source, Retention))
        {
            using var client = app.CreateApiClient();
            foreach (var server in new[] { "main", "relay" })
            {
                (await client.PutAsJsonAsync($"/api/asteroid/admin/servers/{server}",
                    new { baseUrl = "http://127.0.0.1:9", adminPassword = "unused", enabled = false })).EnsureSuccessStatusCode();
            }

            (await client.PutAsJsonAsync("/api/asteroid/admin/stations/radio1", new
            {
                name = "Radio One",
                timeZone = "Europe/Berlin",
                mounts = new[] { new { server = "main", mount = "/live.mp3" }, new { server = "relay", mount = "/live.mp3" } },
            })).EnsureSuccessStatusCode();
            output.WriteLine($"{watch.Elapsed}: started, server and station put");
            var imported = await ImportAsync(client, log);
            output.WriteLine($"{watch.Elapsed}: imported");
            Assert.Equal(sessions, (long)imported["sessionsImported"]!);
            await AggregatedAsync(client, sessions);
            output.WriteLine($"{watch.Elapsed}: imported and aggregated");

            await PostgresTools.DumpAsync(_source, _dump); // online: the node keeps running meanwhile
            output.WriteLine($"{watch.Elapsed}: dumped");
        }

        // The answers of the same database after a restart: what a restart alone changes (a disabled
        // server's statusDetail is in memory only) is not a restore difference.
        await using (var app = new AsteroidApp(_source, Retention))
        {
            using var client = app.CreateApiClient();
            before = await AnswersAsync(client);
            output.WriteLine($"{watch.Elapsed}: answers after a restart");
        }

        await PostgresTools.RestoreAsync(_dump, _restored);
        await using (var app = new AsteroidApp(_restored, new Dictionary<string, string?>(Retention)
        {
            // Grain state (servers, stations) and reminders belong to the service id: it stays. The online
            // dump lists the first node's silo as Active; a new cluster id leaves that row aside (with the
            // old one, the first silo waits ~90 s validating connectivity with it: docs/operations.md).
            ["Orleans:ServiceId"] = _source.Name,
            ["Orleans:ClusterId"] = _restored.Name,
        }))
        {
            using var client = app.CreateApiClient();
            output.WriteLine($"{watch.Elapsed}: restored");
            var after = await AnswersAsync(client);
            output.WriteLine($"{watch.Elapsed}: answers of the restored database");
            foreach (var (path, answer) in before)
            {
                var differences = AnswerComparison.Compare(path.Contains("format=csv", StringComparison.Ordinal) ? "x.csv" : "x.json", answer, after[path],
                    AnswerComparison.Precision.Exact);
                Assert.True(differences.Count == 0, $"{path}:\n" + string.Join('\n', differences.Take(20)));
            }

            var again = await ImportAsync(client, log);
            Assert.Equal((0L, (long)sessions), ((long)again["sessionsImported"]!, (long)again["duplicates"]!));
            Assert.Equal(sessions, await _restored.ScalarAsync<long>("SELECT count(*) FROM listener_sessions"));
        }
    }

    /// <summary>Three local days of Europe/Berlin (2026-11-10 to -12) of test addresses and agents; no
    /// session crosses midnight, so each adds to one day of its station and mount.</summary>
    private static string Log()
    {
        var log = new StringBuilder();
        var i = 0;
        for (var day = 0; day < 3; day++)
        {
            foreach (var (ip, _) in AccessLogImportTests.PublicListeners)
            {
                foreach (var agent in Agents)
                {
                    i++;
                    var duration = 20 + (i * 397 % 3000);
                    var end = new DateTimeOffset(2026, 11, 10 + day, 8, 0, 0, TimeSpan.Zero).AddSeconds(i * 613 % 36000 + duration);
                    var mount = i % 4 == 0 ? "/talk.mp3" : "/live.mp3";
                    log.Append(CultureInfo.InvariantCulture,
                        $"{ip} - - [{end:dd/MMM/yyyy:HH:mm:ss} +0000] \"GET {mount} HTTP/1.1\" 200 {duration * 16000} \"-\" \"{agent}\" {duration}\n");
                }
            }
        }

        return log.ToString();
    }

    private static async Task<JsonNode> ImportAsync(HttpClient client, string log)
    {
        using var response = await client.PostAsync("/api/asteroid/admin/import/access-log?server=main", new StringContent(log, Encoding.ASCII, "text/plain"));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }

    /// <summary>Until the stored days of both servers' scopes count every imported session.</summary>
    private static async Task AggregatedAsync(HttpClient client, int sessions)
    {
        async Task<long> Counted(string scope)
        {
            var summary = (await client.GetFromJsonAsync<JsonNode>($"/api/asteroid/stats/summary?{scope}&from=2026-11-09&to=2026-11-12"))!;
            return (long)summary["sessions"]! + (long)summary["shortSessions"]! + (long)summary["botSessions"]!;
        }

        await Eventually.Get(async () => await Counted("station=radio1") + await Counted("station=main"), n => n == sessions,
            TimeSpan.FromSeconds(30), "the stations' days count every imported session");
        await Eventually.Get(async () => await Counted("server=main&mount=/live.mp3") + await Counted("server=main&mount=/talk.mp3"), n => n == sessions,
            TimeSpan.FromSeconds(30), "the mounts' days count every imported session");
    }

    private static async Task<Dictionary<string, string>> AnswersAsync(HttpClient client)
    {
        var answers = new Dictionary<string, string>();
        foreach (var path in Requests)
        {
            using var response = await client.GetAsync("/api/asteroid" + path);
            answers[path] = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {answers[path]}");
        }

        return answers;
    }

    public async Task DisposeAsync()
    {
        File.Delete(_dump);
        await _restored.DisposeAsync();
        await _source.DisposeAsync();
    }
}
