using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Asteroid.IntegrationTests.Infrastructure;
using MimeKit;

namespace Asteroid.IntegrationTests.Alerts;

/// <summary>Scheduled reports against real parts: sessions imported from an access log, a real
/// aiosmtpd receiving the KPI e-mail with its CSV attachments (parsed as MIME), "send now" twice,
/// and a period missed while the service was down sent once after a restart, and not again after
/// another restart.</summary>
public sealed class ScheduledReportTests : IAsyncLifetime
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);
    private static readonly string[] Unknown = ["passwords"];
    private static readonly object[] OneAddress = [new { email = new[] { "a@example.org" } }];
    private static readonly string[] Listeners = ["81.2.69.142", "2.125.160.216", "216.160.83.56", "89.160.20.112", "175.16.199.0"];

    private readonly TestDatabase _database = TestDatabase.Create();
    private readonly DateOnly _yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
    private SmtpSink _smtp = null!;
    private AsteroidApp _app = null!;

    private Dictionary<string, string?> Settings => new()
    {
        ["Alerts:DeliveryPollSeconds"] = "0.2",
        ["Alerts:RetryBaseSeconds"] = "0.5",
        ["Alerts:RetryMaxDelaySeconds"] = "1",
        ["ScheduledReports:CheckSeconds"] = "0.5",
        ["ScheduledReports:DelayMinutes"] = "0",
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = _smtp.Port.ToString(CultureInfo.InvariantCulture),
        ["Smtp:From"] = "Asteroid <reports@example.org>",
        ["Smtp:StartTls"] = "none",
    };

    public async Task InitializeAsync()
    {
        _smtp = SmtpSink.Start(FreePort.Next());
        _app = new AsteroidApp(_database, Settings);
        using var client = _app.CreateApiClient();
        (await client.PutAsJsonAsync("/api/asteroid/admin/servers/radio",
            new { baseUrl = "http://127.0.0.1:9", adminPassword = "unused", enabled = false })).EnsureSuccessStatusCode();
        // Yesterday (UTC, the implicit station's zone): five listeners of 10 minutes; the day before, two.
        var log = new StringBuilder();
        var noon = _yesterday.ToDateTime(new TimeOnly(12, 0));
        for (var i = 0; i < Listeners.Length; i++)
        {
            log.Append(CultureInfo.InvariantCulture,
                $"{Listeners[i]} - - [{noon.AddMinutes(i):dd/MMM/yyyy:HH:mm:ss} +0000] \"GET /live.mp3 HTTP/1.1\" 200 {1000 * (i + 1)} \"-\" \"VLC/3.0.18 LibVLC/3.0.18\" 600\n");
        }

        for (var i = 0; i < 2; i++)
        {
            log.Append(CultureInfo.InvariantCulture,
                $"{Listeners[i]} - - [{noon.AddDays(-1).AddMinutes(i):dd/MMM/yyyy:HH:mm:ss} +0000] \"GET /live.mp3 HTTP/1.1\" 200 1000 \"-\" \"VLC/3.0.18 LibVLC/3.0.18\" 600\n");
        }

        using var import = await client.PostAsync("/api/asteroid/admin/import/access-log?server=radio&timeZone=%2B0000", new ByteArrayContent(Encoding.ASCII.GetBytes(log.ToString())));
        import.EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _smtp.DisposeAsync();
        await _database.DisposeAsync();
    }

    private static object Schedule(string name, params string[] attachments) => new
    {
        name,
        period = "daily",
        scope = new { station = "radio" },
        deliveries = new object[] { new { email = new[] { "team@example.org" } } },
        attachments,
    };

    private async Task PutScheduleAsync(string id, object body)
    {
        using var client = _app.CreateApiClient();
        using var put = await client.PutAsJsonAsync($"/api/asteroid/admin/report-schedules/{id}", body);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
    }

    private List<MimeMessage> Mails(string subjectPart) =>
        [.. _smtp.Messages().Where(m => m.Subject?.Contains(subjectPart, StringComparison.Ordinal) == true)];

    [Fact]
    public async Task Send_now_mails_the_kpis_with_the_csv_attachments_and_twice_gives_two_runs()
    {
        await PutScheduleAsync("daily-radio", Schedule("Radio daily", "daily", "sessions"));
        using var client = _app.CreateApiClient();

        using (var first = await client.PostAsync("/api/asteroid/admin/report-schedules/daily-radio/send", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
            var run = (await first.Content.ReadFromJsonAsync<JsonNode>())!;
            Assert.Equal(("manual", "queued", _yesterday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                ((string?)run["trigger"], (string?)run["status"], (string?)run["from"]));
        }

        using (var second = await client.PostAsync("/api/asteroid/admin/report-schedules/daily-radio/send", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        }

        var mails = await Eventually.Get(() => Task.FromResult(Mails("Radio daily")), m => m.Count >= 2, Within, "two report e-mails at aiosmtpd");
        var mail = mails[0];
        Assert.Equal($"[Asteroid] Daily report {_yesterday:yyyy-MM-dd}: Radio daily (station:radio) — sent on request", mail.Subject);
        Assert.Equal("team@example.org", mail.To.Mailboxes.Single().Address);
        Assert.NotNull(mail.TextBody);

        var summary = await _app.GetJsonAsync($"/api/asteroid/stats/summary?station=radio&from={_yesterday:yyyy-MM-dd}&to={_yesterday:yyyy-MM-dd}");
        var previous = await _app.GetJsonAsync($"/api/asteroid/stats/summary?station=radio&from={_yesterday.AddDays(-1):yyyy-MM-dd}&to={_yesterday.AddDays(-1):yyyy-MM-dd}");
        var unique = (long)summary["uniqueListeners"]!;
        Assert.Equal(Listeners.Length, unique);
        var text = mail.TextBody!;
        Assert.Contains("Unique listeners", text, StringComparison.Ordinal);
        var line = text.Split('\n').Select(l => l.TrimEnd('\r')).Single(l => l.StartsWith("Unique listeners", StringComparison.Ordinal));
        Assert.Equal(["Unique", "listeners", unique.ToString(CultureInfo.InvariantCulture), ((long)previous["uniqueListeners"]!).ToString(CultureInfo.InvariantCulture), "+150.0", "%"],
            line.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("TLH (hours)", text, StringComparison.Ordinal);
        Assert.Contains("AQH", text, StringComparison.Ordinal);
        Assert.Contains("Peak listeners", text, StringComparison.Ordinal);
        Assert.Contains("Top countries:", text, StringComparison.Ordinal);
        Assert.Contains("GB: 2 listeners", text, StringComparison.Ordinal);

        var attachments = mail.Attachments.OfType<MimePart>().ToDictionary(a => a.FileName ?? "", Read);
        var day = _yesterday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal([$"asteroid-station_radio-daily-{day}-{day}.csv", $"asteroid-station_radio-sessions-{day}-{day}.csv"], attachments.Keys.Order());
        var daily = attachments[$"asteroid-station_radio-daily-{day}-{day}.csv"].Split("\r\n");
        Assert.StartsWith("date,sessions,shortSessions,botSessions,activeSessions,uniqueListeners,", daily[0], StringComparison.Ordinal);
        Assert.StartsWith($"{day},5,0,0,", daily[1], StringComparison.Ordinal);
        var sessions = attachments[$"asteroid-station_radio-sessions-{day}-{day}.csv"].Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("sessionId,server,mount,station,startedAt,endedAt,durationSeconds,endPrecisionSeconds,listenerKey,countryCode,region,city,latitude,longitude,player,os,device,isBot,bytesSent,source",
            sessions[0]);
        Assert.Equal(Listeners.Length + 1, sessions.Length);
        foreach (var ip in Listeners)
        {
            Assert.DoesNotContain(ip, _smtp.Output, StringComparison.Ordinal); // no address in a mail or a CSV
        }

        var runs = await Eventually.Get(() => _app.GetJsonAsync("/api/asteroid/admin/report-schedules/daily-radio/runs"),
            r => r.AsArray().Count == 2 && r.AsArray().All(x => (string?)x!["deliveries"]![0]!["status"] == "delivered"), Within, "two runs, both delivered");
        Assert.All(runs.AsArray(), r => Assert.Equal("manual", (string?)r!["trigger"]));
        Assert.Equal(2, runs.AsArray().Select(r => (long)r!["id"]!).Distinct().Count());
        Assert.Equal(["daily", "sessions"], runs[0]!["files"]!.AsArray().Select(f => ((string)f!["name"]!).Split('-')[2]));
        Assert.DoesNotContain(Mails("Radio daily"), m => !m.Subject!.EndsWith("sent on request", StringComparison.Ordinal)); // created today: yesterday is not due
    }

    [Fact]
    public async Task A_period_missed_while_the_service_was_down_is_sent_once_after_a_restart_and_not_again()
    {
        await PutScheduleAsync("missed", Schedule("Missed daily", "daily"));
        await _app.DisposeAsync();
        // The schedule existed before yesterday's end: the service was down when yesterday's report was due.
        await _database.ScalarAsync<int>("UPDATE report_schedules SET active_since = now() - interval '3 days' RETURNING 1");

        _app = new AsteroidApp(_database, Settings);
        _ = _app.Server; // start
        var mails = await Eventually.Get(() => Task.FromResult(Mails("Missed daily")), m => m.Count >= 1, Within, "the missed report mailed after the restart");
        Assert.Equal($"[Asteroid] Daily report {_yesterday:yyyy-MM-dd}: Missed daily (station:radio)", mails[0].Subject);
        Assert.Contains(mails[0].Attachments, a => a.ContentDisposition?.FileName?.EndsWith("-daily-" + $"{_yesterday:yyyy-MM-dd}-{_yesterday:yyyy-MM-dd}.csv", StringComparison.Ordinal) == true);
        await Eventually.Get(() => _app.GetJsonAsync("/api/asteroid/admin/report-schedules/missed/runs"),
            r => r.AsArray().Count == 1 && (string?)r[0]!["deliveries"]![0]!["status"] == "delivered", Within, "one scheduled run, delivered");

        // Another restart: the scheduler checks every schedule in id order each time; a second schedule
        // ("probe", after "missed") whose period is due too shows that the check after the restart has run.
        await _app.DisposeAsync();
        await _database.ScalarAsync<int>(
            """
            INSERT INTO report_schedules (id, body, active_since, updated_at)
            SELECT 'probe', jsonb_set(body, '{name}', '"Probe daily"') || '{"id": "probe"}', active_since, updated_at FROM report_schedules WHERE id = 'missed'
            RETURNING 1
            """);
        _app = new AsteroidApp(_database, Settings);
        _ = _app.Server; // start
        await Eventually.Get(() => Task.FromResult(Mails("Probe daily")), m => m.Count >= 1, Within, "the probe's report: the scheduler ran after the second restart");

        var runs = await _app.GetJsonAsync("/api/asteroid/admin/report-schedules/missed/runs");
        var run = Assert.Single(runs.AsArray())!;
        Assert.Equal(("scheduled", _yesterday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ((string?)run["trigger"], (string?)run["from"]));
        Assert.Single(Mails("Missed daily"));
        Assert.Equal(1L, await _database.ScalarAsync<long>("SELECT count(*) FROM report_runs WHERE schedule_id = 'missed'"));
    }

    [Fact]
    public async Task Send_now_is_rate_limited_per_schedule_with_a_429_problem()
    {
        await PutScheduleAsync("busy", Schedule("Busy"));
        await PutScheduleAsync("calm", Schedule("Calm"));
        using var client = _app.CreateApiClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var send = await client.PostAsync("/api/asteroid/admin/report-schedules/busy/send", null);
            statuses.Add(send.StatusCode);
            if (send.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("application/problem+json", send.Content.Headers.ContentType?.MediaType);
                Assert.Equal(429, (int?)(await send.Content.ReadFromJsonAsync<JsonNode>())!["status"]);
                Assert.True(send.Headers.RetryAfter is not null, "Retry-After");
            }
        }

        // The default allows three a minute per schedule; another schedule is not held back.
        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], statuses);
        using var other = await client.PostAsync("/api/asteroid/admin/report-schedules/calm/send", null);
        Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);
        Assert.Equal(3L, await _database.ScalarAsync<long>("SELECT count(*) FROM report_runs WHERE schedule_id = 'busy'"));
    }

    [Fact]
    public async Task Bad_schedules_are_400_with_the_field_named_and_unknown_ones_404()
    {
        using var client = _app.CreateApiClient();
        async Task<JsonNode> Rejected(object body)
        {
            using var put = await client.PutAsJsonAsync("/api/asteroid/admin/report-schedules/bad", body);
            Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
            return (await put.Content.ReadFromJsonAsync<JsonNode>())!;
        }

        Assert.NotNull((await Rejected(new { name = "x", period = "hourly", deliveries = OneAddress }))["errors"]!["period"]);
        Assert.NotNull((await Rejected(new { name = "x", period = "daily", attachments = Unknown, deliveries = OneAddress }))["errors"]!["attachments"]);
        Assert.NotNull((await Rejected(new { name = "x", period = "daily", royalties = true, scope = new { station = "radio" }, deliveries = OneAddress }))["errors"]!["royalties"]);
        Assert.NotNull((await Rejected(new { name = "x", period = "daily", deliveries = Array.Empty<object>() }))["errors"]!["deliveries"]);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/asteroid/admin/report-schedules/unknown")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/asteroid/admin/report-schedules/unknown/send", null)).StatusCode);

        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        var paths = document["paths"]!;
        Assert.NotNull(paths["/api/asteroid/admin/report-schedules/{id}/runs"]?["get"]?["responses"]?["200"]?["content"]?["application/json"]?["schema"]);
        Assert.NotNull(paths["/api/asteroid/admin/report-schedules/{id}/send"]?["post"]?["responses"]?["202"]?["content"]?["application/json"]?["schema"]);
        Assert.NotNull(paths["/api/asteroid/admin/report-schedules/{id}"]?["put"]?["responses"]?["400"]);
    }

    private static string Read(MimePart part)
    {
        using var stream = new MemoryStream();
        part.Content!.DecodeTo(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
