using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Asteroid.IntegrationTests.Infrastructure;
using Asteroid.Tests.Support;

namespace Asteroid.IntegrationTests.Hooks;

/// <summary>Every hook POST recorded from a real Icecast (../shared/icecast/samples/4x-*.jsonl),
/// replayed byte for byte against the hook endpoint.</summary>
public sealed class HookReplayTests(HookReplayTests.Fixture fixture) : IClassFixture<HookReplayTests.Fixture>
{
    /// <summary>client ID → duration of every listener_remove in the samples.</summary>
    private static readonly Dictionary<long, int> RecordedRemoves = new()
    {
        [185] = 5, [187] = 5, [190] = 1, [198] = 3, [200] = 4, [201] = 4, [478] = 3, [2] = 2,
    };

    [Fact]
    public async Task Every_recorded_call_is_accepted_and_listener_add_is_allowed()
    {
        foreach (var (call, response) in fixture.Responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            if (call.Action == "listener_add")
            {
                Assert.Equal("1", response.Headers.GetValues("icecast-auth-user").Single());
            }
        }

        Assert.Equal(29, fixture.Responses.Count);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Every_listener_remove_becomes_one_session_with_icecasts_exact_duration()
    {
        var rows = await Eventually.Get(() => fixture.Database.ScalarAsync<long>("SELECT count(*) FROM listener_sessions"),
            n => n >= RecordedRemoves.Count, TimeSpan.FromSeconds(15), "a finished session per listener_remove");

        Assert.Equal(RecordedRemoves.Count, rows);
        var durations = await fixture.Database.ScalarAsync<string>(
            "SELECT string_agg(duration_seconds::text, ',' ORDER BY duration_seconds, session_id) FROM listener_sessions");
        Assert.Equal(string.Join(',', RecordedRemoves.Values.Order()), durations);
        Assert.Equal("hook", await fixture.Database.ScalarAsync<string>("SELECT string_agg(DISTINCT source, ',') FROM listener_sessions"));
        Assert.Equal(["/hook.mp3", "/other.mp3", "/removeonly.mp3"],
            await fixture.Database.ScalarAsync<string[]>("SELECT array_agg(DISTINCT mount ORDER BY mount) FROM listener_sessions"));
    }

    [Fact]
    public async Task Replaying_the_same_calls_again_adds_nothing()
    {
        await Eventually.Get(() => fixture.Database.ScalarAsync<long>("SELECT count(*) FROM listener_sessions"),
            n => n >= RecordedRemoves.Count, TimeSpan.FromSeconds(15), "first replay written");

        var writer = fixture.App.Service<Asteroid.Sessions.SessionWriter>();
        var written = writer.Written;
        var replayed = (await fixture.ReplayAsync("43-hook-posts-removeonly.jsonl")).Concat(await fixture.ReplayAsync("41-hook-posts-allow-deny.jsonl"));
        Assert.All(replayed, r => Assert.Equal(HttpStatusCode.OK, r.Item2.StatusCode));
        await Eventually.Get(() => Task.FromResult(writer.Pending), p => p == 0, TimeSpan.FromSeconds(10), "writer drained");

        Assert.Equal(RecordedRemoves.Count, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM listener_sessions"));
        Assert.Equal(written, writer.Written); // the grains knew: nothing was even queued again
    }

    [Fact]
    public async Task A_forwarded_Referer_is_kept_as_its_host_only_and_the_sources_report_counts_it()
    {
        // 41-hook-posts-allow-deny.jsonl: Icecast 2.4.4 with <option name="headers" value="referer,x-forwarded-for"/> and
        // header_prefix "hdr_" posted hdr_referer=https://player.example/?a=b for client 185 (VLC), then its listener_remove.
        var host = await Eventually.Get(() => fixture.Database.ScalarAsync<string?>(
                "SELECT max(referrer_host) FROM listener_sessions WHERE duration_seconds = 5 AND player = 'VLC'"),
            h => h is not null, TimeSpan.FromSeconds(15), "client 185's session written");

        Assert.Equal("player.example", host);
        Assert.Equal("media-player", await fixture.Database.ScalarAsync<string>(
            "SELECT player_kind FROM listener_sessions WHERE referrer_host = 'player.example'"));
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM listener_sessions WHERE referrer_host LIKE '%?%' OR referrer_host LIKE '%/%' OR referrer_host LIKE '%a=b%'"));

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var report = await fixture.App.GetJsonAsync(
            $"/api/asteroid/stats/sources?server=replay&from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}&traffic=gross");
        var referrers = report["referrers"]!.AsArray();
        var player = Assert.Single(referrers, r => (string?)r!["value"] == "player.example")!;
        Assert.Equal(1L, (long)player["sessions"]!);
        Assert.Equal(1L, (long)player["uniques"]!);
        Assert.Equal(Math.Round(5 / 3600.0, 3), (double)player["tlh"]!, 3);
        var sessions = await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM listener_sessions WHERE server_id = 'replay'");
        Assert.Equal(sessions, referrers.Sum(r => (long)r!["sessions"]!));
        Assert.Equal(sessions, report["playerKinds"]!.AsArray().Sum(r => (long)r!["sessions"]!));
        Assert.Contains(report["playerKinds"]!.AsArray(), r => (string?)r!["value"] == "media-player");
        Assert.Equal("gross", (string)report["traffic"]!);
    }

    /// <summary>The summary's referrer and player-kind breakdowns (from the day cells) count what the
    /// sessions say, in the network, server and mount scopes, net and gross, with compare=previous:
    /// net as the sources report counts the finished sessions; gross (the live days count open
    /// sessions too) as the finished and open session rows; the export's breakdowns dataset has the same rows.</summary>
    [Fact]
    public async Task The_summary_breaks_down_by_referrer_and_player_kind_as_the_sources_report_counts()
    {
        await Eventually.Get(() => fixture.Database.ScalarAsync<string?>("SELECT max(referrer_host) FROM listener_sessions WHERE server_id = 'replay'"),
            h => h is not null, TimeSpan.FromSeconds(15), "the forwarded Referer's session written");
        var mount = await fixture.Database.ScalarAsync<string>("SELECT min(mount) FROM listener_sessions WHERE referrer_host = 'player.example'");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var range = $"from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}";
        foreach (var scope in new[] { "", "server=replay&", $"server=replay&mount={Uri.EscapeDataString(mount)}&" })
        {
            foreach (var traffic in new[] { "net", "gross" })
            {
                var summary = await fixture.App.GetJsonAsync($"/api/asteroid/stats/summary?{scope}{range}&traffic={traffic}&compare=previous");
                var breakdowns = summary["breakdowns"]!;
                Assert.Empty(breakdowns["sourcesUnknownDates"]!.AsArray());
                if (traffic == "net")
                {
                    var sources = await fixture.App.GetJsonAsync($"/api/asteroid/stats/sources?{scope}{range}&traffic=net");
                    Assert.Equal(Rows(sources["referrers"]!, "uniques"), Rows(breakdowns["referrers"]!, "uniqueListeners"));
                    Assert.Equal(Rows(sources["playerKinds"]!, "uniques"), Rows(breakdowns["playerKinds"]!, "uniqueListeners"));
                    continue;
                }

                var filter = scope.Length == 0 ? "true" : scope.Contains("mount=", StringComparison.Ordinal) ? "server_id = 'replay' AND mount = @m" : "server_id = 'replay'";
                Assert.Equal(await CountedAsync("coalesce(referrer_host, '')", filter, mount), Rows(breakdowns["referrers"]!, "uniqueListeners"));
                Assert.Equal(await CountedAsync("player_kind", filter, mount), Rows(breakdowns["playerKinds"]!, "uniqueListeners"));
                Assert.Contains(breakdowns["referrers"]!.AsArray(), r => (string?)r!["value"] == "player.example");
            }
        }

        // The sessions behind a referrer row and a player-kind row.
        var behind = await fixture.App.GetJsonAsync($"/api/asteroid/stats/sessions?server=replay&{range}&traffic=gross&referrer=player.example");
        Assert.Equal(mount, (string)Assert.Single(behind["sessions"]!.AsArray())!["mount"]!);
        var kind = (string)(await fixture.App.GetJsonAsync($"/api/asteroid/stats/summary?server=replay&{range}&traffic=gross"))["breakdowns"]!["playerKinds"]![0]!["value"]!;
        var ofKind = await fixture.App.GetJsonAsync($"/api/asteroid/stats/sessions?server=replay&{range}&traffic=gross&playerKind={kind}&limit=1000");
        Assert.Equal(await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM listener_sessions WHERE server_id = 'replay' AND player_kind = @k", ("k", kind)),
            ofKind["sessions"]!.AsArray().Count);

        // The export's breakdowns dataset: the same rows, one per dimension and value.
        using var api = fixture.App.CreateApiClient();
        var export = JsonNode.Parse(await api.GetStringAsync($"/api/asteroid/stats/export?dataset=breakdowns&format=json&server=replay&{range}&traffic=gross"))!.AsArray();
        var exported = Assert.Single(export, r => (string)r!["dimension"]! == "referrer" && (string?)r["value"] == "player.example")!;
        Assert.Equal((1L, 1L), ((long)exported["sessions"]!, (long)exported["uniqueListeners"]!));
        var gross = (await fixture.App.GetJsonAsync($"/api/asteroid/stats/summary?server=replay&{range}&traffic=gross"))["breakdowns"]!;
        Assert.Equal(gross["playerKinds"]!.AsArray().Count, export.Count(r => (string)r!["dimension"]! == "playerKind"));
        Assert.Equal(gross["players"]!.AsArray().Count, export.Count(r => (string)r!["dimension"]! == "player"));

        async Task<List<string>> CountedAsync(string column, string filter, string mountPath)
        {
            var text = await fixture.Database.ScalarAsync<string?>($"""
                SELECT string_agg(v || '|' || n || '|' || u, ',') FROM (
                  SELECT {column} AS v, count(*) AS n, count(DISTINCT listener_key) AS u FROM (
                    SELECT referrer_host, player_kind, listener_key FROM listener_sessions WHERE {filter}
                    UNION ALL SELECT referrer_host, player_kind, listener_key FROM open_sessions WHERE {filter}) s GROUP BY 1) g
                """, ("m", mountPath));
            return [.. (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];
        }

        static List<string> Rows(JsonNode rows, string uniques) =>
            [.. rows.AsArray().Select(r => $"{(string?)r!["value"]}|{(long)r["sessions"]!}|{(long)r[uniques]!}").Order(StringComparer.Ordinal)];
    }

    private static readonly string[] BadSourcesQueries =
        ["server=replay&from=2026-11-01&to=2026-11-02&compare=previous", "server=replay&from=2026-11-05&to=2026-11-01"];

    [Fact]
    public async Task The_sources_report_refuses_compare_and_a_bad_range()
    {
        using var client = fixture.App.CreateClient();
        using var api = fixture.App.CreateApiClient();
        foreach (var query in BadSourcesQueries)
        {
            using var response = await api.GetAsync($"/api/asteroid/stats/sources?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/asteroid/stats/sources?server=replay&from=2026-11-01&to=2026-11-02")).StatusCode);
    }

    [Theory]
    [InlineData("replay", "wrong-token", "action=listener_add&client=1&mount=%2fa", HttpStatusCode.Unauthorized)]
    [InlineData("nosuch", null, "action=listener_add&client=1&mount=%2fa", HttpStatusCode.NotFound)]
    [InlineData("replay", null, "action=listener_add&mount=%2fa", HttpStatusCode.BadRequest)]
    [InlineData("replay", null, "action=listener_remove&client=1&mount=%2fa", HttpStatusCode.BadRequest)]
    [InlineData("replay", null, "action=launch_rockets", HttpStatusCode.BadRequest)]
    public async Task Bad_calls_get_a_clear_error(string server, string? token, string body, HttpStatusCode expected)
    {
        using var client = fixture.App.CreateClient();

        using var response = await client.PostAsync($"/api/asteroid/icecast/hooks/{server}?token={token ?? fixture.Token}",
            new StringContent(body, Encoding.ASCII, "application/x-www-form-urlencoded"));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_body_that_is_not_a_form_is_400()
    {
        using var client = fixture.App.CreateClient();

        using var response = await client.PostAsync($"/api/asteroid/icecast/hooks/replay?token={fixture.Token}",
            new StringContent("{\"action\":\"listener_add\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_admin_api_gives_a_ready_to_paste_remove_only_block_and_can_rotate_the_token()
    {
        var config = await fixture.App.GetJsonAsync("/api/asteroid/admin/servers/replay/hook");
        var xml = (string)config["removeOnlyXml"]!;

        Assert.Contains("<option name=\"listener_remove\"", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("listener_add", xml, StringComparison.Ordinal);
        Assert.Contains($"/api/asteroid/icecast/hooks/replay?token={fixture.Token}", xml, StringComparison.Ordinal);
        Assert.Contains("listener_add", (string)config["withListenerAddXml"]!, StringComparison.Ordinal);
        Assert.Contains("refused", (string)config["warning"]!, StringComparison.Ordinal);
        using var unauthenticated = fixture.App.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await unauthenticated.GetAsync("/api/asteroid/admin/servers/replay/hook")).StatusCode);
    }

    public sealed record class RecordedCall(string Action, string Body, string ContentType);

    public sealed class Fixture : IAsyncLifetime
    {
        private ReplayIcecast _icecast = null!;

        public TestDatabase Database { get; } = TestDatabase.Create();

        public AsteroidApp App { get; private set; } = null!;

        public string Token { get; private set; } = "";

        public List<(RecordedCall Call, HttpResponseMessage Response)> Responses { get; } = [];

        public async Task InitializeAsync()
        {
            _icecast = await ReplayIcecast.StartAsync();
            App = new AsteroidApp(Database);
            await App.PutServerAsync("replay", _icecast.BaseUrl, "recorded", pollIntervalSeconds: 60);
            Token = (string)(await App.GetJsonAsync("/api/asteroid/admin/servers/replay/hook"))["token"]!;
            foreach (var file in SharedData.Samples("4*-hook-posts-*.jsonl"))
            {
                Responses.AddRange(await ReplayAsync(Path.GetFileName(file)));
            }
        }

        public async Task<List<(RecordedCall, HttpResponseMessage)>> ReplayAsync(string sample)
        {
            using var client = App.CreateClient();
            var results = new List<(RecordedCall, HttpResponseMessage)>();
            foreach (var line in File.ReadLines(SharedData.Sample(sample)))
            {
                var recorded = JsonNode.Parse(line)!;
                var call = new RecordedCall((string)recorded["fields"]!["action"]!, (string)recorded["body"]!,
                    (string)recorded["headers"]!["Content-Type"]!);
                var content = new ByteArrayContent(Encoding.ASCII.GetBytes(call.Body));
                content.Headers.TryAddWithoutValidation("Content-Type", call.ContentType);
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/asteroid/icecast/hooks/replay?token={Token}") { Content = content };
                request.Headers.TryAddWithoutValidation("User-Agent", "Icecast 2.4.4");
                request.Headers.TryAddWithoutValidation("Authorization", "Basic Og==");
                results.Add((call, await client.SendAsync(request)));
            }

            return results;
        }

        public async Task DisposeAsync()
        {
            await App.DisposeAsync();
            await _icecast.DisposeAsync();
            await Database.DisposeAsync();
        }
    }
}
