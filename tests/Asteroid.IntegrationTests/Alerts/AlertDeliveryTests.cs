using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Asteroid.IntegrationTests.Infrastructure;

namespace Asteroid.IntegrationTests.Alerts;

/// <summary>Alert rules against real parts: a real Icecast whose source is killed and restarted
/// (mount-offline fires once, then recovers), a signed webhook to a local receiver that answers 500
/// twice before 200 (retries), a server answering 401 (collection-failing), an e-mail to a local
/// aiosmtpd, and a restart while a delivery is pending (delivered once).</summary>
public sealed class AlertDeliveryTests : IAsyncLifetime
{
    private const string Secret = "webhook-secret-0123456789";
    private static readonly string[] OpsAddress = ["ops@example.org"];
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(45);

    private readonly TestDatabase _database = TestDatabase.Create();
    private readonly int _smtpPort = FreePort.Next();
    private WebhookReceiver _receiver = null!;
    private AsteroidApp _app = null!;

    private Dictionary<string, string?> Settings => new()
    {
        ["Alerts:EvaluateIntervalSeconds"] = "1",
        ["Alerts:DeliveryPollSeconds"] = "0.2",
        ["Alerts:RetryBaseSeconds"] = "0.5",
        ["Alerts:RetryMaxDelaySeconds"] = "2",
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = _smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Smtp:From"] = "Asteroid <alerts@example.org>",
        ["Smtp:StartTls"] = "none",
    };

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync(Secret);
        _app = new AsteroidApp(_database, Settings);
        _ = _app.Server; // start
    }

    private async Task<HttpResponseMessage> PutRuleAsync(AsteroidApp app, string id, object rule)
    {
        using var client = app.CreateApiClient();
        return await client.PutAsJsonAsync($"/api/asteroid/admin/alerts/{id}", rule);
    }

    private object Webhook(string preset = "json") => new { webhook = _receiver.Url, secret = Secret, preset };

    [Fact]
    public async Task A_killed_source_fires_mount_offline_once_with_retried_signed_webhooks_then_recovers()
    {
        await using var icecast = await IcecastInstance.StartAsync();
        var source = await icecast.AddSourceAsync("/live.mp3");
        await _app.PutServerAsync("ice", icecast.BaseUrl, icecast.AdminPassword);
        await Eventually.Get(() => _app.CurrentMountAsync("ice", "/live.mp3"), m => (string?)m?["status"] == "ok", Within, "mount polled ok");

        using (var put = await PutRuleAsync(_app, "live-offline", new
        {
            kind = "mount-offline",
            scope = new { server = "ice", mount = "/live.mp3" },
            forSeconds = 1,
            quietMinutes = 0,
            deliveries = new[] { Webhook() },
        }))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
            var view = (await put.Content.ReadFromJsonAsync<JsonNode>())!;
            Assert.Equal(true, (bool?)view["deliveries"]![0]!["hasSecret"]);
            Assert.DoesNotContain(Secret, view.ToJsonString(), StringComparison.Ordinal);
        }

        _receiver.Answers.Enqueue(500);
        _receiver.Answers.Enqueue(500);
        IcecastInstance.Stop(source);

        var firing = await Eventually.Get(() => Task.FromResult(_receiver.Requests.ToList()), r => r.Any(x => x.Answered == 200), Within,
            "the firing alert accepted after two 500s");
        Assert.Equal([500, 500, 200], firing.Select(r => r.Answered));
        Assert.All(firing, r => Assert.True(r.SignatureValid, $"signature {r.Signature} of {r.Body}"));
        Assert.Single(firing.Select(r => r.DeliveryId).Distinct());
        var body = JsonNode.Parse(firing[^1].Body)!;
        Assert.Equal(("live-offline", "firing", "/live.mp3", "mount:ice/live.mp3"),
            ((string?)body["alert"], (string?)body["state"], (string?)body["mount"], (string?)body["scope"]));

        var deliveries = await _app.GetJsonAsync("/api/asteroid/admin/alerts/live-offline/deliveries");
        var delivery = deliveries.AsArray().Single()!;
        Assert.Equal("delivered", (string?)delivery["status"]);
        Assert.Equal([500, 500, 200], delivery["history"]!.AsArray().Select(a => (int?)a!["statusCode"]));

        await icecast.AddSourceAsync("/live.mp3");
        var all = await Eventually.Get(() => Task.FromResult(_receiver.Requests.ToList()),
            r => r.Any(x => x.Body.Contains("\"state\":\"resolved\"", StringComparison.Ordinal)), Within, "the recovery message");
        var history = await _app.GetJsonAsync("/api/asteroid/admin/alerts/live-offline/history");
        Assert.Equal(["resolved", "firing"], history.AsArray().Select(e => (string?)e!["state"]));
        Assert.Single(all, r => r.Body.Contains("\"state\":\"firing\"", StringComparison.Ordinal) && r.Answered == 200);
        var network = await _app.GetJsonAsync("/api/asteroid/admin/alert-history");
        Assert.Equal(2, network.AsArray().Count);
    }

    [Fact]
    public async Task A_server_answering_401_fires_collection_failing()
    {
        await using var icecast = await IcecastInstance.StartAsync();
        await icecast.AddSourceAsync("/live.mp3");
        using (var put = await PutRuleAsync(_app, "polling", new
        {
            kind = "collection-failing",
            scope = new { server = "wrong" },
            forSeconds = 1,
            deliveries = new[] { Webhook("slack") },
        }))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        await _app.PutServerAsync("wrong", icecast.BaseUrl, "not-the-password");
        var received = await Eventually.Get(() => Task.FromResult(_receiver.Requests.ToList()), r => r.Count > 0, Within, "collection-failing alert");
        var text = (string?)JsonNode.Parse(received[0].Body)!["text"];
        Assert.Contains("collection-failing", text, StringComparison.Ordinal);
        Assert.Contains("unauthorized", text, StringComparison.Ordinal);
        Assert.True(received[0].SignatureValid);
    }

    [Fact]
    public async Task An_import_rejecting_too_many_lines_fires_collection_failing_and_a_clean_one_resolves_it()
    {
        await using var icecast = await IcecastInstance.StartAsync();
        await _app.PutServerAsync("imp", icecast.BaseUrl, icecast.AdminPassword);
        using (var put = await PutRuleAsync(_app, "imports", new { kind = "collection-failing", scope = new { server = "imp" }, forSeconds = 0, percent = 20, deliveries = new[] { Webhook() } }))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        static string Line(int minute) =>
            $"81.2.69.142 - - [20/Nov/2026:10:{minute:00}:00 +0000] \"GET /live.mp3 HTTP/1.1\" 200 100000 \"-\" \"VLC/3.0.18 LibVLC/3.0.18\" 300\n";
        using var client = _app.CreateApiClient();
        using (var bad = await client.PostAsync("/api/asteroid/admin/import/access-log?server=imp", new StringContent(Line(10) + "not a log line\n" + Line(20) + "neither\n")))
        {
            var answer = await bad.Content.ReadFromJsonAsync<JsonNode>();
            Assert.Equal((4L, 2L), ((long)answer!["linesRead"]!, (long)answer["rejectedLines"]!)); // 50 % > 20 %
        }

        const string subject = "imp access-log import";
        var fired = await Eventually.Get(() => _app.GetJsonAsync("/api/asteroid/admin/alerts/imports/history"),
            h => h.AsArray().Any(e => (string?)e!["subject"] == subject), Within, "the import's collection-failing alert");
        var firing = fired.AsArray().Single(e => (string?)e!["subject"] == subject)!;
        Assert.Equal("firing", (string?)firing["state"]);
        Assert.Contains("rejected 2 of 4 lines", (string?)firing["summary"], StringComparison.Ordinal);

        (await client.PostAsync("/api/asteroid/admin/import/access-log?server=imp", new StringContent(Line(30) + Line(40)))).EnsureSuccessStatusCode();
        await Eventually.Get(() => _app.GetJsonAsync("/api/asteroid/admin/alerts/imports/history"),
            h => h.AsArray().Any(e => (string?)e!["subject"] == subject && (string?)e["state"] == "resolved"), Within, "a clean import resolves it");
    }

    [Fact]
    public async Task The_send_test_action_delivers_an_email_through_smtp()
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-u", "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{_smtpPort}" })
        {
            start.ArgumentList.Add(arg);
        }

        using var smtp = Process.Start(start)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        smtp.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        smtp.BeginOutputReadLine();
        try
        {
            using (var put = await PutRuleAsync(_app, "mailed", new
            {
                kind = "threshold",
                threshold = 1000,
                deliveries = new object[] { new { email = OpsAddress } },
            }))
            {
                Assert.Equal(HttpStatusCode.Created, put.StatusCode);
            }

            using var client = _app.CreateApiClient();
            // aiosmtpd may take a moment to listen: the delivery is retried until it does.
            using var test = await client.PostAsync("/api/asteroid/admin/alerts/mailed/test", null);
            Assert.Equal(HttpStatusCode.Accepted, test.StatusCode);
            var mail = await Eventually.Get(() => Task.FromResult(string.Join("\n", output)),
                o => o.Contains("Subject: [Asteroid] Test of alert rule mailed", StringComparison.Ordinal) && o.Contains("END MESSAGE", StringComparison.Ordinal),
                Within, "aiosmtpd printed the message");
            Assert.Contains("ops@example.org", mail, StringComparison.Ordinal);
            var delivery = await Eventually.Get(() => _app.GetJsonAsync("/api/asteroid/admin/alerts/mailed/deliveries"),
                d => (string?)d[0]?["status"] == "delivered", Within, "e-mail delivery recorded as delivered");
            Assert.Equal("email", (string?)delivery[0]!["channel"]);
        }
        finally
        {
            smtp.Kill();
            await smtp.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task A_delivery_pending_across_a_restart_is_delivered_once()
    {
        for (var i = 0; i < 1000; i++)
        {
            _receiver.Answers.Enqueue(503);
        }

        using (var put = await PutRuleAsync(_app, "restarted", new { kind = "threshold", threshold = 1000000, deliveries = new[] { Webhook() } }))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        using (var client = _app.CreateApiClient())
        {
            using var test = await client.PostAsync("/api/asteroid/admin/alerts/restarted/test", null);
            Assert.Equal(HttpStatusCode.Accepted, test.StatusCode);
        }

        await Eventually.Get(() => Task.FromResult(_receiver.Requests.Count), n => n >= 1, Within, "a first, refused attempt");
        await _app.DisposeAsync();
        _receiver.Answers.Clear(); // the receiver accepts from now on
        var refused = _receiver.Requests.Count;
        // An alert older than Alerts:HistoryDays (365): the restarted node deletes it.
        await _database.ScalarAsync<int>(
            "INSERT INTO alert_events (rule_id, kind, scope, subject, state, at, summary) VALUES ('old', 'threshold', 'network:all', 'network:all', 'firing', now() - interval '400 days', 'old') RETURNING 1");

        _app = new AsteroidApp(_database, Settings);
        var deliveries = await Eventually.Get(() => _app.GetJsonAsync("/api/asteroid/admin/alerts/restarted/deliveries"),
            d => (string?)d[0]?["status"] == "delivered", Within, "delivered after the restart");
        // Delivered once: one accepted request, none after it, and the attempts before the restart are kept.
        var requests = _receiver.Requests.ToList();
        Assert.Single(requests, r => r.Answered == 200);
        Assert.Equal(200, requests[^1].Answered);
        Assert.True(refused >= 1);
        Assert.True((int?)deliveries[0]!["attempts"] >= 2);
        Assert.Single(requests.Select(r => r.DeliveryId).Distinct());
        await Eventually.Get(() => _database.ScalarAsync<long>("SELECT count(*) FROM alert_events WHERE rule_id = 'old'"), n => n == 0, Within,
            "the year-old alert pruned");
        Assert.Equal(1L, await _database.ScalarAsync<long>("SELECT count(*) FROM alert_events WHERE rule_id = 'restarted'"));
    }

    [Fact]
    public async Task Bad_rules_are_400_with_the_field_named()
    {
        async Task<JsonNode> Rejected(object rule)
        {
            using var put = await PutRuleAsync(_app, "bad", rule);
            Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
            return (await put.Content.ReadFromJsonAsync<JsonNode>())!;
        }

        Assert.NotNull((await Rejected(new { kind = "nope", deliveries = new[] { Webhook() } }))["errors"]!["kind"]);
        Assert.NotNull((await Rejected(new { kind = "threshold", deliveries = new[] { Webhook() } }))["errors"]!["threshold"]);
        Assert.NotNull((await Rejected(new { kind = "audience-drop", percent = 150, deliveries = new[] { Webhook() } }))["errors"]!["percent"]);
        Assert.NotNull((await Rejected(new { kind = "mount-offline", deliveries = Array.Empty<object>() }))["errors"]!["deliveries"]);
        Assert.NotNull((await Rejected(new { kind = "mount-offline", deliveries = new[] { new { webhook = "ftp://x/y" } } }))["errors"]!["deliveries[0]"]);
        Assert.NotNull((await Rejected(new { kind = "mount-offline", scope = new { station = "a", server = "b" }, deliveries = new[] { Webhook() } }))["errors"]!["scope"]);
        using var client = _app.CreateApiClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/asteroid/admin/alerts/unknown")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/asteroid/admin/alerts/unknown/test", null)).StatusCode);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _receiver.DisposeAsync();
        await _database.DisposeAsync();
    }
}
