using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Asteroid.IntegrationTests.Import;
using Asteroid.IntegrationTests.Infrastructure;
using Asteroid.Tests.Support;
using Npgsql;

namespace Asteroid.IntegrationTests.Privacy;

/// <summary>Listeners go through the whole stack — polled from a real Icecast, pushed by recorded
/// hook calls, imported from an access log with public addresses — and then no raw IP may be found
/// in a pg_dump of the database, in the decoded grain state, in the logs, or in any API answer.</summary>
public sealed class NoRawIpAnywhereTests : IAsyncLifetime
{
    private const string Mount = "/privacy.mp3";
    private static readonly string[] CurlIps = ["127.0.0.83", "127.0.0.84"];

    private readonly TestDatabase _database = TestDatabase.Create();
    private readonly List<string> _apiAnswers = [];
    private IcecastInstance _icecast = null!;
    private AsteroidApp _app = null!;

    public async Task InitializeAsync()
    {
        _icecast = await IcecastInstance.StartAsync();
        await _icecast.AddSourceAsync(Mount);
        _app = new AsteroidApp(_database);
        await _app.PutServerAsync("main", _icecast.BaseUrl, _icecast.AdminPassword);
    }

    [Fact]
    public async Task No_listener_ip_is_stored_logged_or_answered()
    {
        // 1. Polled listeners, connected then gone.
        var listeners = CurlIps.Select((ip, i) => _icecast.AddListener(Mount, int.Parse(ip.Split('.')[3], System.Globalization.CultureInfo.InvariantCulture), i == 0 ? "Winamp/5.9" : "VLC/3.0.18 LibVLC/3.0.18")).ToList();
        await Eventually.Get(() => _database.ScalarAsync<long>("SELECT count(*) FROM open_sessions"), n => n == 2, TimeSpan.FromSeconds(20), "2 open sessions");
        await CollectAnswersAsync();
        listeners.ForEach(IcecastInstance.Stop);
        await Eventually.Get(() => _database.ScalarAsync<long>("SELECT count(*) FROM listener_sessions WHERE server_id = 'main' AND source = 'poll'"),
            n => n == 2, TimeSpan.FromSeconds(20), "2 finished polled sessions");

        // 2. Every recorded hook call (their bodies carry ip= and an x-forwarded-for header).
        var hookIps = new HashSet<string>(StringComparer.Ordinal);
        var token = (string)(await _app.GetJsonAsync("/api/asteroid/admin/servers/main/hook"))["token"]!;
        using (var client = _app.CreateClient())
        {
            foreach (var line in SharedData.Samples("4*-hook-posts-*.jsonl").SelectMany(File.ReadLines))
            {
                var call = JsonNode.Parse(line)!;
                foreach (var field in new[] { "ip", "hdr_x-forwarded-for" })
                {
                    if ((string?)call["fields"]![field] is { Length: > 0 } ip)
                    {
                        hookIps.Add(ip);
                    }
                }

                using var response = await client.PostAsync($"/api/asteroid/icecast/hooks/main?token={token}",
                    new StringContent((string)call["body"]!, Encoding.ASCII, "application/x-www-form-urlencoded"));
                _apiAnswers.Add(await response.Content.ReadAsStringAsync() + response.Headers);
            }
        }

        // 3. An access log with public addresses.
        var importIps = AccessLogImportTests.PublicListeners.Select(l => l.Ip).ToList();
        var log = string.Join('\n', importIps.Select((ip, i) =>
            $"{ip} - - [20/Nov/2026:18:0{i}:00 +0000] \"GET /live.mp3 HTTP/1.1\" 200 1000 \"-\" \"VLC/3.0.18 LibVLC/3.0.18\" 120"));
        using (var client = _app.CreateApiClient())
        {
            using var response = await client.PostAsync("/api/asteroid/admin/import/access-log?server=main", new StringContent(log));
            _apiAnswers.Add(await response.Content.ReadAsStringAsync());
        }

        await Eventually.Get(() => _database.ScalarAsync<long>("SELECT count(*) FROM listener_sessions WHERE source = 'hook'"),
            n => n >= 8, TimeSpan.FromSeconds(15), "hook sessions written");
        await CollectAnswersAsync();

        var dump = await PgDumpAsync();
        var grainState = await _database.ScalarAsync<string>("SELECT string_agg(encode(payload_binary, 'escape'), E'\\n') FROM orleans_storage");
        var logs = string.Join('\n', _app.Logs);
        var answers = string.Join('\n', _apiAnswers);

        // Positive control: the search finds an address that is legitimately there (Icecast's own
        // base URL in the server's settings), so a leak would be found the same way.
        Assert.True(Contains(grainState, "127.0.0.1"), "the search must be able to find an address in the decoded grain state");
        Assert.True(Contains(dump, "GB") && dump.Contains("listener_sessions", StringComparison.Ordinal), "the dump holds the sessions");
        Assert.Equal(8 + 8 + 2, await _database.ScalarAsync<long>("SELECT count(*) FROM listener_sessions"));

        var everyIp = CurlIps.Concat(hookIps).Concat(importIps).Distinct().ToList();
        Assert.True(everyIp.Count >= 20, $"{everyIp.Count} addresses searched");
        foreach (var ip in everyIp)
        {
            Assert.False(Contains(dump, ip), $"{ip} found in pg_dump");
            Assert.False(Contains(grainState, ip), $"{ip} found in grain state");
            Assert.False(Contains(logs, ip), $"{ip} found in the logs");
            Assert.False(Contains(answers, ip), $"{ip} found in an API answer");
        }
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _icecast.DisposeAsync();
        await _database.DisposeAsync();
    }

    private async Task CollectAnswersAsync()
    {
        foreach (var path in new[] { "/api/asteroid/stats/current", "/api/asteroid/admin/servers", "/api/asteroid/admin/servers/main",
                     "/api/asteroid/admin/servers/main/hook", "/api/asteroid/admin/import/access-log" })
        {
            using var client = _app.CreateApiClient();
            _apiAnswers.Add(await client.GetStringAsync(path));
        }
    }

    /// <summary>The address as a whole token: 127.0.0.8 does not match inside 127.0.0.83 (an IPv4
    /// address may be followed by a port), 2001:480:10::1 not inside 2001:480:10::1a.</summary>
    private static bool Contains(string text, string ip) => ip.Contains(':', StringComparison.Ordinal)
        ? Regex.IsMatch(text, $"(?<![0-9A-Fa-f:]){Regex.Escape(ip)}(?![0-9A-Fa-f:])", RegexOptions.IgnoreCase)
        : Regex.IsMatch(text, $"(?<![0-9.]){Regex.Escape(ip)}(?![0-9]|\\.[0-9])");

    private async Task<string> PgDumpAsync()
    {
        var builder = new NpgsqlConnectionStringBuilder(_database.ConnectionString);
        var pgDump = Directory.GetFiles("/usr/lib/postgresql", "pg_dump", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Last();
        var info = new ProcessStartInfo(pgDump) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-h", builder.Host!, "-p", builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", builder.Username ?? "postgres", "-d", builder.Database!, "--no-owner" })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"pg_dump failed: {error}");
        return output;
    }
}
