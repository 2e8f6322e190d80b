using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Asteroid.IntegrationTests.Infrastructure;
using CsCheck;

namespace Asteroid.IntegrationTests.Hostile;

/// <summary>Every endpoint called with malformed, huge, reversed, out-of-range and injection values
/// answers with a 4xx ProblemDetails, never a 5xx, and nothing of the bad request is kept.</summary>
public sealed class HostileInputTests(HostileApp host) : IClassFixture<HostileApp>
{
    private static readonly string Long = new('x', 200_000);

    public static TheoryData<string, string, string?> JsonRequests => new()
    {
        { "PUT", "/api/asteroid/admin/servers/x%0A", """{"baseUrl":"http://127.0.0.1:1","adminPassword":"p"}""" },
        { "PUT", "/api/asteroid/admin/servers/X%01", """{"baseUrl":"http://127.0.0.1:1","adminPassword":"p"}""" },
        { "PUT", "/api/asteroid/admin/servers/" + new string('a', 300), """{"baseUrl":"http://127.0.0.1:1","adminPassword":"p"}""" },
        { "PUT", "/api/asteroid/admin/servers/ok1", """{"baseUrl":"javascript:alert(1)","adminPassword":"p"}""" },
        { "PUT", "/api/asteroid/admin/servers/ok2", """{"baseUrl":"http://127.0.0.1:1","adminPassword":"p","pollIntervalSeconds":-5}""" },
        { "PUT", "/api/asteroid/admin/servers/ok3", """{"baseUrl":"http://127.0.0.1:1","adminPassword":"p","adminUser":"a\r\nX-Injected: 1"}""" },
        { "PUT", "/api/asteroid/admin/servers/ok4", """{"baseUrl":"http://127.0.0.1:1","adminPassword":"p","pollIntervalSeconds":99999999999}""" },
        { "PUT", "/api/asteroid/admin/servers/ok5", "{not json" },
        { "PUT", "/api/asteroid/admin/servers/ok6", """{"baseUrl":"http://127.0.0.1:1","adminPassword":""" + "\"" + new string('p', 5000) + "\"}" },
        { "PUT", "/api/asteroid/admin/stations/s1", "{\"name\":\"" + new string('n', 10_000) + "\"}" },
        { "PUT", "/api/asteroid/admin/stations/s2", """{"name":"a\u0000b"}""" },
        { "PUT", "/api/asteroid/admin/stations/s3", """{"name":"S","timeZone":"../../../../etc/passwd"}""" },
        { "PUT", "/api/asteroid/admin/stations/s4", """{"name":"S","mounts":[{"server":"a","mount":"/x\u0000"}]}""" },
        { "PUT", "/api/asteroid/admin/stations/s5", """{"name":"S","mounts":[""" + string.Join(',', Enumerable.Range(0, 5000).Select(i => $$"""{"server":"a","mount":"/m{{i}}"}""")) + "]}" },
        { "PUT", "/api/asteroid/admin/stations/s6", """{"name":"S","mounts":[{"server":"a","mount":"/""" + new string('m', 5000) + "\"}]}" },
        { "PUT", "/api/asteroid/admin/stations/S%0A", """{"name":"S"}""" },
        { "PUT", "/api/asteroid/admin/stations/s7", """{"name":"S","mounts":"not a list"}""" },
        { "POST", "/api/asteroid/admin/api-keys", "{\"name\":\"" + new string('k', 1000) + "\"}" },
        { "POST", "/api/asteroid/admin/api-keys", """{"name":123}""" },
        { "DELETE", "/api/asteroid/admin/api-keys/%01", null },
        { "GET", "/api/asteroid/admin/servers/%0A", null },
        { "GET", "/api/asteroid/admin/servers/nosuch/hook", null },
        { "POST", "/api/asteroid/admin/servers/nosuch/hook/rotate", null },
        { "DELETE", "/api/asteroid/admin/servers/nosuch", null },
        { "GET", "/api/asteroid/admin/stations/nosuch", null },
        { "POST", "/api/asteroid/admin/import/access-log?server=%0A", "" },
        { "POST", "/api/asteroid/admin/import/access-log?server=ok&timeZone=-99:59", "" },
        { "POST", "/api/asteroid/admin/import/access-log?server=ok&timeZone=%2B9999", "" },
        { "POST", "/api/asteroid/admin/import/access-log?server=nosuch", "" },
        { "POST", "/api/asteroid/admin/import/access-log?server=ok&format=%00", "" },
        { "POST", "/api/asteroid/admin/import/access-log?server=ok&format=nginx&logFormat=" + new string('$', 5000), "" },
        { "POST", "/api/asteroid/admin/import/access-log?server=ok&format=nginx&hlsGapSeconds=99999999999999999999", "" },
        { "GET", "/api/asteroid/stats/snapshots?minutes=-1", null },
        { "GET", "/api/asteroid/stats/daily?from=2026-11-02&to=2026-11-01&station=nosuch", null },
        { "GET", "/api/asteroid/stats/daily?from=not-a-date&to=2026-11-01", null },
        { "GET", "/api/asteroid/stats/daily?station=" + new string('s', 5000), null },
        { "POST", "/api/asteroid/admin/import/playlist-log?server=%0A", "" },
        { "POST", "/api/asteroid/admin/import/playlist-log?server=ok&timeZone=%2B9999", "" },
        { "POST", "/api/asteroid/admin/import/playlist-log?server=nosuch", "" },
        { "GET", "/api/asteroid/stats/plays?station=nosuch&from=2026-11-01&to=2026-11-02", null },
        { "GET", "/api/asteroid/stats/plays?station=nosuch&from=2026-11-01&to=2026-11-02&traffic=%00", null },
        { "GET", "/api/asteroid/stats/tracks?from=not-a-date&to=2026-11-01", null },
        { "GET", "/api/asteroid/stats/tracks?station=nosuch&from=2026-11-01&to=2026-11-02&sort=%0A", null },
        { "GET", "/api/asteroid/stats/export?dataset=plays&station=nosuch&from=2026-11-01&to=2026-11-02", null },
        { "POST", "/api/asteroid/now-playing/%0A?token=x", """{"mount":"/a.mp3","title":"t"}""" },
    };

    [Theory]
    [MemberData(nameof(JsonRequests))]
    public async Task Bad_requests_get_a_4xx_problem_never_a_5xx(string method, string path, string? body)
    {
        using var client = host.Client(apiKey: true);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, path.Contains("/import/", StringComparison.Ordinal) ? "text/plain" : "application/json");
        }

        using var response = await client.SendAsync(request);

        await AssertProblemAsync(response);
    }

    [Fact]
    public async Task A_server_id_with_a_newline_is_refused_and_not_created()
    {
        using var client = host.Client(apiKey: true);

        using var put = await client.PutAsJsonAsync("/api/asteroid/admin/servers/x%0A", new { baseUrl = "http://127.0.0.1:1", adminPassword = "p" });
        var servers = await client.GetFromJsonAsync<JsonArray>("/api/asteroid/admin/servers");

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.DoesNotContain(servers!, s => ((string?)s!["id"])?.StartsWith('x') == true);
    }

    [Fact]
    public async Task A_json_body_over_the_api_limit_is_refused_unread()
    {
        using var client = host.Client(apiKey: true);
        var huge = """{"name":"S","mounts":[""" + string.Join(',', Enumerable.Range(0, 40_000).Select(i => $$"""{"server":"a","mount":"/m{{i}}"}""")) + "]}";

        using var response = await client.PutAsync("/api/asteroid/admin/stations/big", new StringContent(huge, Encoding.UTF8, "application/json"));

        Assert.True(huge.Length > 1 << 20);
        await AssertProblemAsync(response);
    }

    [Fact]
    public async Task Import_lines_out_of_range_are_rejected_per_line_and_good_lines_of_the_same_body_are_imported()
    {
        await PutServerAsync("imp");
        var good = "192.0.2.1 - - [20/Nov/2026:18:00:00 +0000] \"GET /a.mp3 HTTP/1.1\" 200 100 \"-\" \"VLC/3.0.18 LibVLC/3.0.18\" 120\n";
        var log = good
            + "192.0.2.1 - - [31/Dec/9999:23:00:00 +0000] \"GET /a.mp3 HTTP/1.1\" 200 100 \"-\" \"VLC\" 120\n"
            + "192.0.2.1 - - [01/Jan/0001:00:00:00 +1400] \"GET /a.mp3 HTTP/1.1\" 200 100 \"-\" \"VLC\" 120\n"
            + "192.0.2.1 - - [20/Nov/2026:18:00:00 +0000] \"GET /a.mp3 HTTP/1.1\" 200 100 \"-\" \"VLC\" 10000000000\n"
            + "192.0.2.1 - - [20/Nov/2026:18:00:00 +0000] \"GET /a.mp3 HTTP/1.1\" 200 100 \"-\" \"VLC\" 99999999999999999999999\n"
            + "192.0.2.1 - - [20/Nov/2026:18:00:00 -9959] \"GET /a.mp3 HTTP/1.1\" 200 100 \"-\" \"VLC\" 120\n"
            + new string('z', 1_000_000) + "\n";

        using var client = host.Client(apiKey: true);
        using var response = await client.PostAsync("/api/asteroid/admin/import/access-log?server=imp", new StringContent(log, Encoding.UTF8, "text/plain"));
        var result = (await response.Content.ReadFromJsonAsync<JsonNode>())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (long)result["sessionsImported"]!);
        Assert.Equal([2L, 3, 4, 5, 6, 7], result["rejected"]!.AsArray().Select(r => (long)r!["line"]!));
        Assert.Contains("longer than", (string)result["rejected"]![5]!["reason"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hook_bodies_that_are_huge_or_have_too_many_fields_get_a_4xx()
    {
        var url = await HookUrlAsync("hooked");
        using var client = host.Client("192.0.2.50");

        using var huge = await client.PostAsync(url, new StringContent("action=listener_add&agent=" + new string('a', 10 << 20), Encoding.ASCII, "application/x-www-form-urlencoded"));
        using var fields = await client.PostAsync(url, new StringContent(string.Join('&', Enumerable.Range(0, 200_000).Select(i => $"f{i}=1")), Encoding.ASCII, "application/x-www-form-urlencoded"));
        using var chunkedHuge = await client.PostAsync(url, new StreamContent(new MemoryStream(Encoding.ASCII.GetBytes("action=mount_add&x=" + new string('b', 20 << 20))))
        {
            Headers = { ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded") },
        });

        await AssertProblemAsync(huge);
        await AssertProblemAsync(fields);
        await AssertProblemAsync(chunkedHuge);
    }

    [Theory]
    [InlineData("action=listener_remove&mount=/a.mp3&client=1&duration=10000000000")]
    [InlineData("action=listener_remove&mount=/a.mp3&client=1&duration=99999999999999999999999")]
    [InlineData("action=listener_remove&mount=/a.mp3&client=99999999999999999999999&duration=1")]
    [InlineData("action=listener_add&mount=/a%00.mp3&client=1")]
    [InlineData("action=listener_add&mount=a.mp3&client=1")]
    [InlineData("action=%0Aevil&mount=/a.mp3&client=1")]
    [InlineData("action=listener_add&mount=/a.mp3&client=-1")]
    public async Task Hook_values_out_of_range_get_a_400(string body)
    {
        var url = await HookUrlAsync("hooked");
        using var client = host.Client("192.0.2.51");

        using var response = await client.PostAsync(url, new StringContent(body, Encoding.ASCII, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertProblemAsync(response);
    }

    [Theory]
    [InlineData("application/json", "{not json")]
    [InlineData("application/json", """{"mount":"/a.mp3"}""")]
    [InlineData("application/json", """{"title":"t"}""")]
    [InlineData("application/json", """{"mount":"/a\u0000.mp3","title":"t"}""")]
    [InlineData("application/json", """{"mount":"/a.mp3","title":"t","startedAt":"yesterday-ish"}""")]
    [InlineData("application/json", """{"mount":"/a.mp3","title":"t","startedAt":"1990-01-01T00:00:00Z"}""")]
    [InlineData("application/json", """{"mount":"/a.mp3","title":"t","durationSeconds":99999999999999999999}""")]
    [InlineData("application/json", """{"mount":"/a.mp3","title":{"nested":[1,2,3]}}""")]
    [InlineData("application/json", """{"mount":"/a.mp3","title":"t","durationSeconds":{"x":1}}""")]
    [InlineData("application/x-www-form-urlencoded", "mount=a.mp3&title=t")]
    [InlineData("application/x-www-form-urlencoded", "mount=/a.mp3&title=t&durationSeconds=-5")]
    [InlineData("text/plain", "mount=/a.mp3&title=t")]
    public async Task Now_playing_pushes_that_are_malformed_get_a_4xx_problem(string contentType, string body)
    {
        var url = (await HookUrlAsync("hooked")).Replace("/icecast/hooks/", "/now-playing/", StringComparison.Ordinal);
        using var client = host.Client("192.0.2.53");

        using var response = await client.PostAsync(url, new StringContent(body, Encoding.UTF8, contentType));

        await AssertProblemAsync(response);
    }

    [Fact]
    public async Task A_now_playing_push_too_large_or_with_a_huge_title_is_refused_or_cut()
    {
        var url = (await HookUrlAsync("hooked")).Replace("/icecast/hooks/", "/now-playing/", StringComparison.Ordinal);
        using var client = host.Client("192.0.2.54");

        using var huge = await client.PostAsync(url, new StringContent("{\"mount\":\"/a.mp3\",\"title\":\"" + new string('t', 1 << 20) + "\"}", Encoding.UTF8, "application/json"));
        using var long_ = await client.PostAsync(url, new StringContent("{\"mount\":\"/long.mp3\",\"title\":\"" + new string('t', 10_000) + "\"}", Encoding.UTF8, "application/json"));

        await AssertProblemAsync(huge);
        long_.EnsureSuccessStatusCode();
        var play = await long_.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(Asteroid.Tracks.TrackNames.MaxLength, ((string)play!["title"]!).Length);
    }

    [Fact]
    public async Task Random_hook_bodies_never_get_a_5xx()
    {
        var url = await HookUrlAsync("hooked");
        using var client = host.Client("192.0.2.52");
        var key = Gen.OneOf(Gen.Const("action"), Gen.Const("mount"), Gen.Const("client"), Gen.Const("duration"), Gen.Const("ip"), Gen.Const("agent"), Gen.String[0, 6]);
        var value = Gen.OneOf(Gen.Const("listener_add"), Gen.Const("listener_remove"), Gen.Const("mount_add"), Gen.Const("/a.mp3"), Gen.Const("/a.mp3?x=1"),
            Gen.Long.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), Gen.Const("::1"), Gen.Const("999999999999999999999"), Gen.String[0, 12]);
        var bodies = Gen.Select(key, value).Array[0, 12].Select(pairs => string.Join('&', pairs.Select(p => Uri.EscapeDataString(p.Item1) + "=" + Uri.EscapeDataString(p.Item2))));

        var statuses = new List<int>();
        foreach (var body in bodies.Array[300].Single())
        {
            using var response = await client.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"));
            statuses.Add((int)response.StatusCode);
        }

        Assert.All(statuses, s => Assert.InRange(s, 200, 499));
    }

    [Fact]
    public async Task Metrics_need_a_key_health_does_not_and_every_answer_carries_the_security_headers()
    {
        using var anonymous = host.Client();
        using var bearer = host.Client();
        bearer.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AsteroidApp.ApiKey);
        using var wrong = host.Client();
        wrong.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-the-key-0123456789");
        using var keyed = host.Client(apiKey: true);

        using var open = await anonymous.GetAsync("/metrics");
        using var withBearer = await bearer.GetAsync("/metrics");
        using var withWrong = await wrong.GetAsync("/metrics");
        using var withKey = await keyed.GetAsync("/metrics");
        using var health = await anonymous.GetAsync("/health/live");
        using var page = await anonymous.GetAsync("/");

        Assert.Equal(HttpStatusCode.Unauthorized, open.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withBearer.StatusCode);
        Assert.Contains("# TYPE", await withBearer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, withWrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        foreach (var response in new[] { page, open, health })
        {
            var csp = string.Join(';', response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        }
    }

    [Fact]
    public async Task The_icecast_admin_password_is_not_stored_in_clear()
    {
        await PutServerAsync("secretive", password: "icecast-secret-password-42");

        var stored = await host.Database.ScalarAsync<string>("SELECT string_agg(encode(payload_binary, 'escape'), ' ') FROM orleans_storage");

        Assert.DoesNotContain("icecast-secret-password-42", stored, StringComparison.Ordinal);
        Assert.Contains("dp1:", stored, StringComparison.Ordinal);
        Assert.True(await host.Database.ScalarAsync<long>("SELECT count(*) FROM data_protection_keys") >= 1, "the key ring is shared through the database");
    }

    internal static async Task AssertProblemAsync(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status is >= 400 and < 500, $"expected a 4xx, got {status}: {text[..Math.Min(text.Length, 300)]}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task PutServerAsync(string id, string password = "p")
    {
        using var client = host.Client(apiKey: true);
        using var response = await client.PutAsJsonAsync($"/api/asteroid/admin/servers/{id}", new { baseUrl = "http://127.0.0.1:9", adminPassword = password, enabled = false });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<string> HookUrlAsync(string id)
    {
        await PutServerAsync(id);
        using var client = host.Client(apiKey: true);
        var hook = (await client.GetFromJsonAsync<JsonNode>($"/api/asteroid/admin/servers/{id}/hook"))!;
        return new Uri((string)hook["url"]!).PathAndQuery;
    }
}
