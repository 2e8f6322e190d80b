using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Asteroid.IntegrationTests.Infrastructure;
using Asteroid.Testing;

namespace Asteroid.IntegrationTests.Import;

/// <summary>Real nginx serves HLS files written here (a playlist and segments) and a slowly sent
/// stream; curl clients fetch them as players do; nginx's own access log is imported.</summary>
public sealed class ProxyLogImportTests(ProxyLogImportTests.Fixture fixture) : IClassFixture<ProxyLogImportTests.Fixture>
{
    private const string LogFormat = "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent \"$http_referer\" \"$http_user_agent\" $request_time $msec";
    private const string Iphone = "AppleCoreMedia/1.0.0.21A329 (iPhone; U; CPU OS 17_0 like Mac OS X; en_us)";
    private const string Vlc = "VLC/3.0.18 LibVLC/3.0.18";
    private const string Firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0";
    private const int SegmentBytes = 20_000;
    private const int StreamBytes = 48 * 1024;

    [Fact]
    public async Task Nginx_logs_of_hls_players_and_a_proxied_stream_become_sessions_matching_the_clients_and_reimports_add_nothing()
    {
        await using var nginx = await StartNginxAsync();
        var playlist = await File.ReadAllTextAsync(Path.Combine(nginx.WebRoot, "hls", "live", "index.m3u8"));

        // Players: A plays seg0-2, pauses 3 s (over the 2 s gap), plays seg3-4; B plays seg0-1; C
        // listens to the stream (16 KiB/s: about 3 s). The delays are play time, not synchronisation.
        var url = $"http://127.0.0.1:{nginx.Port}";
        var stream = Curl("127.0.0.4", "Lavf/59.27.100", $"{url}/live.mp3");
        var a1 = new List<(DateTimeOffset Before, DateTimeOffset After)>();
        foreach (var path in new[] { "index.m3u8", "seg0.ts", "index.m3u8", "seg1.ts", "seg2.ts" })
        {
            a1.Add(await Curl("127.0.0.2", Iphone, $"{url}/hls/live/{path}"));
            await Task.Delay(400);
        }

        await Task.Delay(3000);
        var a2 = new List<(DateTimeOffset Before, DateTimeOffset After)>();
        foreach (var path in new[] { "index.m3u8", "seg3.ts", "seg4.ts" })
        {
            a2.Add(await Curl("127.0.0.2", Iphone, $"{url}/hls/live/{path}"));
            await Task.Delay(400);
        }

        var b = new List<(DateTimeOffset Before, DateTimeOffset After)>();
        foreach (var path in new[] { "index.m3u8", "seg0.ts", "seg1.ts" })
        {
            b.Add(await Curl("127.0.0.3", Vlc, $"{url}/hls/live/{path}"));
        }

        var (streamBefore, streamAfter) = await stream;
        var log = await Eventually.Get(() => File.ReadAllLinesAsync(nginx.AccessLog), l => l.Count(x => x.Contains("127.0.0.", StringComparison.Ordinal)) >= 13,
            TimeSpan.FromSeconds(10), "nginx logged every request");
        var query = $"server=nginx&format=nginx&hlsTargetSeconds=1&hlsGapSeconds=2&logFormat={Uri.EscapeDataString(LogFormat)}";

        var first = await ImportAsync(query, string.Join('\n', log) + "\n");

        Assert.Equal(log.Length, (long)first["linesRead"]!);
        Assert.Empty(first["rejected"]!.AsArray());
        Assert.Equal(4L, (long)first["sessionsImported"]!);
        var rows = await SessionsAsync("nginx");
        Assert.Equal(["/hls/live", "/hls/live", "/hls/live", "/live.mp3"], rows.Select(r => r.Mount).Order(StringComparer.Ordinal));
        var hls = rows.Where(r => r.Mount == "/hls/live").ToList();
        AssertSession(hls[0], a1, 2 * playlist.Length + (3 * SegmentBytes));
        AssertSession(hls[1], a2, playlist.Length + (2 * SegmentBytes));
        AssertSession(hls[2], b, playlist.Length + (2 * SegmentBytes));
        Assert.Equal(hls[0].ListenerKey, hls[1].ListenerKey);
        Assert.NotEqual(hls[0].ListenerKey, hls[2].ListenerKey);
        var mp3 = rows.Single(r => r.Mount == "/live.mp3");
        Assert.Equal(StreamBytes, mp3.Bytes);
        Assert.InRange(mp3.Ended, streamBefore.AddMilliseconds(-10), streamAfter.AddMilliseconds(10)); // nginx writes the line at the end
        Assert.InRange((mp3.Ended - mp3.Started).TotalSeconds, Math.Floor((streamAfter - streamBefore).TotalSeconds) - 1, Math.Ceiling((streamAfter - streamBefore).TotalSeconds));

        // The sessions API lists them (gross: short sessions included).
        var today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var listed = await fixture.App.GetJsonAsync($"/api/asteroid/stats/sessions?server=nginx&mount=/hls/live&from={today}&to={today}&traffic=gross");
        Assert.Equal(3, listed["sessions"]!.AsArray().Count);

        // Again, and as two rotated files split where A paused, the later one first: nothing new.
        var again = await ImportAsync(query, string.Join('\n', log) + "\n");
        var cut = Array.FindIndex(log, l => l.Contains("127.0.0.2", StringComparison.Ordinal) && ParseMsec(l) >= a2[0].Before.AddMilliseconds(-10));
        var later = await ImportAsync(query, string.Join('\n', log[cut..]) + "\n");
        var earlier = await ImportAsync(query, string.Join('\n', log[..cut]) + "\n");

        Assert.Equal((0L, 4L), ((long)again["sessionsImported"]!, (long)again["duplicates"]!));
        Assert.Equal(0L, (long)later["sessionsImported"]! + (long)earlier["sessionsImported"]!);
        Assert.Equal(4L, (long)later["duplicates"]! + (long)earlier["duplicates"]!);
        Assert.Equal(4L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM listener_sessions WHERE server_id = 'nginx'"));
    }

    [Fact]
    public async Task An_icecast_stream_behind_nginx_is_a_session_from_the_listeners_connect_to_its_disconnect()
    {
        await using var icecast = await IcecastInstance.StartAsync();
        await icecast.AddSourceAsync("/proxied.mp3");
        await using var nginx = await NginxInstance.StartAsync(LogFormat.Replace("\"", "\\\"", StringComparison.Ordinal),
            $"location = /proxied.mp3 {{ proxy_pass http://127.0.0.1:{icecast.Port}; proxy_buffering off; }}");
        var start = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-s", "-o", "/dev/null", "--max-time", "3", "--interface", "127.0.0.7", "-A", Vlc, $"http://127.0.0.1:{nginx.Port}/proxied.mp3" })
        {
            start.ArgumentList.Add(arg);
        }

        var before = DateTimeOffset.UtcNow;
        using (var curl = Process.Start(start)!)
        {
            await curl.WaitForExitAsync(); // the listener leaves after 3 s (curl's own limit)
        }

        var after = DateTimeOffset.UtcNow;
        var log = await Eventually.Get(() => File.ReadAllLinesAsync(nginx.AccessLog), l => l.Any(x => x.Contains("/proxied.mp3", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10), "nginx logged the stream request");

        var result = await ImportAsync($"server=proxied&format=nginx&logFormat={Uri.EscapeDataString(LogFormat)}", string.Join('\n', log) + "\n");

        Assert.Equal(1L, (long)result["sessionsImported"]!);
        var row = Assert.Single(await SessionsAsync("proxied"));
        Assert.Equal("/proxied.mp3", row.Mount);
        Assert.InRange(row.Ended, before, after + TimeSpan.FromMilliseconds(10));
        Assert.InRange(row.Started, before - TimeSpan.FromSeconds(1), before + TimeSpan.FromSeconds(1)); // whole seconds, as Icecast's own lines
        Assert.InRange(row.Bytes, 64_000 / 8, 64_000 / 8 * 6); // 64 kbit/s for about 3 s, plus Icecast's burst
        Assert.Equal("VLC", row.Player);
    }

    [Fact]
    public async Task Haproxy_logs_in_front_of_nginx_give_sessions_from_the_request_dates_with_the_captured_user_agent()
    {
        await using var nginx = await StartNginxAsync();
        await using var haproxy = await HaproxyInstance.StartAsync(nginx.Port);
        var url = $"http://127.0.0.1:{haproxy.Port}";
        var stream = Curl("127.0.0.6", "Lavf/59.27.100", $"{url}/live.mp3");
        var plays = new List<(DateTimeOffset Before, DateTimeOffset After)>();
        foreach (var path in new[] { "index.m3u8", "seg0.ts", "seg1.ts", "seg2.ts" })
        {
            plays.Add(await Curl("127.0.0.5", Iphone, $"{url}/hls/live/{path}"));
            await Task.Delay(400); // play time
        }

        var (streamBefore, streamAfter) = await stream;
        var log = await Eventually.Get(() => Task.FromResult(haproxy.LogLines.ToArray()),
            l => l.Count(x => x.Contains("127.0.0.5:", StringComparison.Ordinal) || x.Contains("127.0.0.6:", StringComparison.Ordinal)) >= 5,
            TimeSpan.FromSeconds(10), "haproxy logged every request");

        var result = await ImportAsync("server=haproxy&format=haproxy&hlsTargetSeconds=1&timeZone=%2B0000", string.Join('\n', log) + "\n");

        Assert.Empty(result["rejected"]!.AsArray());
        Assert.Equal(2L, (long)result["sessionsImported"]!);
        var rows = await SessionsAsync("haproxy");
        var hls = rows.Single(r => r.Mount == "/hls/live");
        var slack = TimeSpan.FromMilliseconds(10);
        Assert.InRange(hls.Started, plays[0].Before - slack, plays[0].After + slack);
        Assert.InRange(hls.Ended, plays[^1].Before + TimeSpan.FromSeconds(1) - slack, plays[^1].After + TimeSpan.FromSeconds(1) + slack);
        var body = (await File.ReadAllTextAsync(Path.Combine(nginx.WebRoot, "hls", "live", "index.m3u8"))).Length + (3 * SegmentBytes);
        Assert.InRange(hls.Bytes, body, body + (4 * 1024)); // HAProxy counts the response headers too
        var mp3 = rows.Single(r => r.Mount == "/live.mp3");
        Assert.InRange(mp3.Started, streamBefore - slack, streamAfter + slack);
        Assert.InRange(mp3.Ended, streamBefore - slack, streamAfter + TimeSpan.FromSeconds(1));
        Assert.InRange(mp3.Bytes, StreamBytes, StreamBytes + 1024);
        var unknown = await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM listener_sessions WHERE server_id = 'haproxy' AND player = 'Unknown'");
        Assert.Equal(0, unknown); // the captured user agent was read
    }

    [Fact]
    public async Task Haproxy_logs_with_a_captured_referer_give_sessions_with_its_host_and_player_kind()
    {
        await using var nginx = await StartNginxAsync();
        await using var haproxy = await HaproxyInstance.StartAsync(nginx.Port, frontend: "    capture request header Referer len 200");
        var url = $"http://127.0.0.1:{haproxy.Port}";
        await Curl("127.0.0.8", Firefox, $"{url}/live.mp3", referer: "https://www.player-site.example/listen?station=1");
        await Curl("127.0.0.9", Vlc, $"{url}/live.mp3");
        var log = await Eventually.Get(() => Task.FromResult(haproxy.LogLines.ToArray()),
            l => l.Count(x => x.Contains("127.0.0.8:", StringComparison.Ordinal) || x.Contains("127.0.0.9:", StringComparison.Ordinal)) >= 2,
            TimeSpan.FromSeconds(10), "haproxy logged both requests");
        Assert.Contains(log, l => l.Contains("|https://www.player-site.example/listen?station=1}", StringComparison.Ordinal)); // HAProxy's own capture

        var result = await ImportAsync("server=haproxy-referer&format=haproxy&timeZone=%2B0000", string.Join('\n', log) + "\n");

        Assert.Empty(result["rejected"]!.AsArray());
        Assert.Equal(2L, (long)result["sessionsImported"]!);
        var sources = await fixture.Database.ScalarAsync<string>(
            "SELECT string_agg(coalesce(referrer_host, '-') || ' ' || player_kind, ',' ORDER BY referrer_host NULLS LAST) FROM listener_sessions WHERE server_id = 'haproxy-referer'");
        Assert.Equal("player-site.example web,- media-player", sources);
    }

    [Theory]
    [InlineData("format=apache", "format")]
    [InlineData("format=nginx&logFormat=%24status", "logFormat")]
    [InlineData("format=haproxy&logFormat=%24status", "logFormat")]
    [InlineData("format=nginx&hlsGapSeconds=abc", "hlsGapSeconds")]
    [InlineData("format=nginx&hlsTargetSeconds=0", "hlsTargetSeconds")]
    public async Task Bad_formats_get_problem_details(string query, string field)
    {
        using var client = fixture.App.CreateApiClient();

        using var response = await client.PostAsync($"/api/asteroid/admin/import/access-log?server=nginx&{query}", new StringContent("x"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonNode>())!["errors"]!.AsObject().ContainsKey(field));
    }

    private static async Task<NginxInstance> StartNginxAsync()
    {
        var nginx = await NginxInstance.StartAsync(LogFormat.Replace("\"", "\\\"", StringComparison.Ordinal),
            "location = /live.mp3 { limit_rate 16k; limit_rate_after 0; }");
        var live = Path.Combine(nginx.WebRoot, "hls", "live");
        Directory.CreateDirectory(live);
        var playlist = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:0\n" +
            string.Concat(Enumerable.Range(0, 5).Select(i => $"#EXTINF:1.000,\nseg{i}.ts\n"));
        await File.WriteAllTextAsync(Path.Combine(live, "index.m3u8"), playlist);
        for (var i = 0; i < 5; i++)
        {
            await File.WriteAllBytesAsync(Path.Combine(live, $"seg{i}.ts"), new byte[SegmentBytes]);
        }

        await File.WriteAllBytesAsync(Path.Combine(nginx.WebRoot, "live.mp3"), new byte[StreamBytes]);
        return nginx;
    }

    private static void AssertSession(Row row, List<(DateTimeOffset Before, DateTimeOffset After)> requests, long bytes)
    {
        var slack = TimeSpan.FromMilliseconds(10); // nginx's times are in milliseconds
        Assert.InRange(row.Started, requests[0].Before - slack, requests[0].After + slack);
        Assert.InRange(row.Ended, requests[^1].Before + TimeSpan.FromSeconds(1) - slack, requests[^1].After + TimeSpan.FromSeconds(1) + slack);
        Assert.Equal(bytes, row.Bytes);
    }

    private static DateTimeOffset ParseMsec(string line) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)(decimal.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture) * 1000));

    private async Task<List<Row>> SessionsAsync(string server)
    {
        await using var connection = new Npgsql.NpgsqlConnection(fixture.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT mount, started_at, ended_at, bytes_sent, listener_key, player FROM listener_sessions WHERE server_id = @server ORDER BY mount, started_at", connection);
        command.Parameters.AddWithValue("server", server);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Row>();
        while (await reader.ReadAsync())
        {
            rows.Add(new Row(reader.GetString(0), new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero), new DateTimeOffset(reader.GetDateTime(2), TimeSpan.Zero),
                reader.GetInt64(3), Convert.ToString(reader.GetValue(4), System.Globalization.CultureInfo.InvariantCulture)!, reader.GetString(5)));
        }

        return rows;
    }

    private static async Task<(DateTimeOffset Before, DateTimeOffset After)> Curl(string from, string agent, string url, string? referer = null)
    {
        var start = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-sS", "--fail", "-o", "/dev/null", "--interface", from, "-A", agent, url })
        {
            start.ArgumentList.Add(arg);
        }

        if (referer is not null)
        {
            start.ArgumentList.Add("-e");
            start.ArgumentList.Add(referer);
        }

        var before = DateTimeOffset.UtcNow;
        using var curl = Process.Start(start)!;
        await curl.WaitForExitAsync();
        var after = DateTimeOffset.UtcNow;
        Assert.True(curl.ExitCode == 0, $"curl {url}: {await curl.StandardError.ReadToEndAsync()}");
        return (before, after);
    }

    private async Task<JsonNode> ImportAsync(string query, string body)
    {
        using var client = fixture.App.CreateApiClient();
        using var response = await client.PostAsync($"/api/asteroid/admin/import/access-log?{query}", new StringContent(body));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }

    private sealed record class Row(string Mount, DateTimeOffset Started, DateTimeOffset Ended, long Bytes, string ListenerKey, string Player);

    public sealed class Fixture : IAsyncLifetime
    {
        public TestDatabase Database { get; } = TestDatabase.Create();

        public AsteroidApp App { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            App = new AsteroidApp(Database);
            using var client = App.CreateApiClient();
            foreach (var server in new[] { "nginx", "haproxy", "proxied", "haproxy-referer" })
            {
                (await client.PutAsJsonAsync($"/api/asteroid/admin/servers/{server}",
                    new { baseUrl = "http://127.0.0.1:9", adminPassword = "unused", enabled = false })).EnsureSuccessStatusCode();
            }
        }

        public async Task DisposeAsync()
        {
            await App.DisposeAsync();
            await Database.DisposeAsync();
        }
    }
}
