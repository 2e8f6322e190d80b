using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Asteroid.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Asteroid.IntegrationTests.Dashboard;

/// <summary>The dashboard in a real headless Chromium (Debian's, no browser download) against the
/// app on a real loopback port, with a real Icecast. Screenshots of every page go to
/// artifacts/screenshots (git-ignored) for review.</summary>
public sealed partial class DashboardBrowserTests(DashboardBrowserTests.Fixture fixture) : IClassFixture<DashboardBrowserTests.Fixture>
{
    private static readonly string[] DailyOnly = ["daily"];

    /// <summary>Each page, and what shows that it has loaded its data.</summary>
    private static readonly (string Name, string Ready)[] Pages =
    [
        ("live", "#stations .card"), ("trends", "#trends-totals div"), ("audience", "#heatmap span[role=cell]"),
        ("geography", "#countries tr"), ("tracks", "#tracks tr"), ("shows", "#shows tr"), ("royalties", "#royalties-rows tr"), ("alerts", "#alert-rules tr"), ("servers", "#server-list .card"), ("export", "#export-link[href*='dataset=']"), ("keys", "#keys tr"), ("users", "#users tr"), ("about", "#about dd"),
    ];

    [Fact]
    public async Task Signing_in_opens_every_page_at_both_widths_without_console_errors_or_sideways_scrolling()
    {
        var page = await fixture.SignedInPageAsync();

        foreach (var width in new[] { 1400, 390 })
        {
            await page.SetViewportSizeAsync(width, width == 390 ? 844 : 1000);
            foreach (var (name, ready) in Pages)
            {
                await page.GotoAsync($"{fixture.BaseUrl}#{name}");
                await Expect(page.Locator($"#page-{name}")).ToBeVisibleAsync();
                await Expect(page.Locator($"#nav a[href='#{name}']")).ToHaveAttributeAsync("aria-current", "page");
                await ShownAsync(page, name, ready); // its data drawn, no panel still loading
                await page.ScreenshotAsync(new() { Path = fixture.Screenshot($"{name}-{width}"), FullPage = true });
                if (width == 390)
                {
                    var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
                    var (scroll, inner) = (widths[0], widths[1]);
                    Assert.True(scroll <= inner, $"#{name} at 390 px scrolls sideways: scrollWidth {scroll} > innerWidth {inner}");
                }
            }
        }

        Assert.Empty(fixture.ErrorsOf(page));
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_message()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.BaseUrl.ToString());

        await page.FillAsync("#login-user", AsteroidApp.AdminUser);
        await page.FillAsync("#login-password", "not the password");
        await page.ClickAsync("#login button[type=submit]");

        await Expect(page.Locator("#login-error")).ToHaveTextAsync("Wrong user name or password.");
        await Expect(page.Locator("#nav")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task The_live_count_changes_when_a_curl_listener_joins()
    {
        var page = await fixture.SignedInPageAsync();
        await Expect(page.Locator("tr[data-mount='main/live.mp3']")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(page.Locator("#connection")).ToHaveTextAsync("Live updates: connected");
        var before = int.Parse(await page.Locator("#total").InnerTextAsync(), CultureInfo.CurrentCulture);

        var listener = fixture.Icecast.AddListener("/live.mp3", 120, "VLC/3.0.18 LibVLC/3.0.18");
        try
        {
            await Expect(page.Locator("#total")).ToHaveTextAsync((before + 1).ToString(CultureInfo.InvariantCulture), new() { Timeout = 15_000 });
            await Expect(page.Locator("tr[data-mount='main/live.mp3'] .listeners")).ToHaveTextAsync((before + 1).ToString(CultureInfo.InvariantCulture));
        }
        finally
        {
            IcecastInstance.Stop(listener);
        }
    }

    [Fact]
    public async Task Every_mount_asks_for_its_last_hour_sparkline()
    {
        var page = await fixture.SignedInPageAsync();
        var asked = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/asteroid/stats/snapshots", StringComparison.Ordinal))
            {
                asked.Enqueue(Uri.UnescapeDataString(request.Url));
            }
        };
        await page.ReloadAsync();
        await Expect(page.Locator("tr[data-mount='main/second.mp3']")).ToBeVisibleAsync(new() { Timeout = 20_000 });

        // Each mount row fetches its own hour of snapshots, not only the first one.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!(asked.Any(u => u.Contains("mount=/live.mp3", StringComparison.Ordinal)) && asked.Any(u => u.Contains("mount=/second.mp3", StringComparison.Ordinal))) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Contains(asked, u => u.Contains("mount=/live.mp3", StringComparison.Ordinal));
        Assert.Contains(asked, u => u.Contains("mount=/second.mp3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_map_colours_the_countries_of_imported_sessions()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}#geography");

        var gb = page.Locator("path[data-country='GB']");
        await Expect(gb).Not.ToHaveAttributeAsync("data-listeners", "0", new() { Timeout = 15_000 });
        Assert.NotEqual("#f4f5f7", await gb.GetAttributeAsync("fill"));
        Assert.Equal("#f4f5f7", await page.Locator("path[data-country='BR']").GetAttributeAsync("fill"));
        await Expect(page.Locator("#countries tr").First).ToContainTextAsync("United Kingdom");
        await page.Locator("#countries tr").First.ClickAsync();
        await Expect(page.Locator("#cities")).ToContainTextAsync("London");
        await Expect(page.Locator("#countries tr[aria-selected='true']")).ToHaveAttributeAsync("data-code", "GB");
        Assert.True(await page.Locator("#map-legend .swatch").CountAsync() >= 2, "the map has a legend of its shades");
    }

    [Fact]
    public async Task Trends_explain_each_kpi_and_refuse_a_reversed_range_at_the_form()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}#trends");
        await Expect(page.Locator("#trends-totals div").First).ToBeAttachedAsync(new() { Timeout = 10_000 });
        await Expect(page.Locator("#trends-totals abbr.info[title*='quarter hour']")).ToHaveCountAsync(1);
        var asked = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Request += (_, request) => asked.Enqueue(request.Url);

        await page.FillAsync("#trends-from", "2026-11-20");
        await page.FillAsync("#trends-to", "2026-11-10");
        await page.ClickAsync("form[data-range='trends'] button[type=submit]");

        await Expect(page.Locator("form[data-range='trends'] .range-error")).ToHaveTextAsync("The end date is before the start date.");
        Assert.DoesNotContain(asked, u => u.Contains("from=2026-11-20&to=2026-11-10", StringComparison.Ordinal));
        Assert.Empty(fixture.ErrorsOf(page));
    }

    [Fact]
    public async Task A_period_preset_and_a_mount_scope_stay_across_pages_and_a_link_reproduces_the_view()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}#trends");
        await Expect(page.Locator("#trends-totals div").First).ToBeAttachedAsync(new() { Timeout = 10_000 });
        var asked = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Request += (_, request) => asked.Enqueue(request.Url);

        await page.SelectOptionAsync("#trends-preset", "last-month");
        var to = DateOnly.Parse(await page.InputValueAsync("#trends-to"), CultureInfo.InvariantCulture);
        var from = DateOnly.Parse(await page.InputValueAsync("#trends-from"), CultureInfo.InvariantCulture);
        var today = DateOnly.FromDateTime(DateTime.UtcNow); // station "main" counts in UTC
        Assert.Equal(new DateOnly(today.Year, today.Month, 1).AddMonths(-1), from);
        Assert.Equal(from.AddMonths(1).AddDays(-1), to); // the whole calendar month before this one
        await page.SelectOptionAsync("#trends-station", "mount:main/live.mp3");
        await page.ClickAsync("form[data-range='trends'] button[type=submit]");

        var query = $"server=main&mount=%2Flive.mp3&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}";
        await Eventually.Get(() => Task.FromResult(asked.Any(u => u.Contains("/stats/daily?" + query, StringComparison.Ordinal))), seen => seen,
            TimeSpan.FromSeconds(10), "the mount's daily report over last month is asked for");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(
            $"#trends\\?scope=mount%3Amain%2Flive\\.mp3&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}$"));

        await page.ClickAsync("#nav a[href='#audience']"); // another page keeps the scope and the period
        await Expect(page.Locator("#audience-from")).ToHaveValueAsync($"{from:yyyy-MM-dd}");
        await Expect(page.Locator("#audience-station")).ToHaveValueAsync("mount:main/live.mp3");
        await Expect(page.Locator("#audience-preset")).ToHaveValueAsync("last-month");

        var link = page.Url.Replace("#audience", "#geography", StringComparison.Ordinal);
        var other = await fixture.SignedInPageAsync(); // a link opened elsewhere shows the same view
        await other.GotoAsync(link);
        await Expect(other.Locator("#geography-to")).ToHaveValueAsync($"{to:yyyy-MM-dd}");
        await Expect(other.Locator("#geography-station")).ToHaveValueAsync("mount:main/live.mp3");
        Assert.Empty(fixture.ErrorsOf(page));
        Assert.Empty(fixture.ErrorsOf(other));
    }

    [Fact]
    public async Task A_rule_made_on_the_alerts_page_fires_shows_its_delivery_attempts_and_can_be_deleted()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}#alerts");
        await Expect(page.Locator("#al-scope option[value='station:main']")).ToBeAttachedAsync(new() { Timeout = 10_000 });

        await page.FillAsync("#al-id", "dash-low");
        await page.SelectOptionAsync("#al-kind", "threshold");
        await page.SelectOptionAsync("#al-scope", "station:main");
        await page.FillAsync("#al-for", "0");
        await page.FillAsync("#al-threshold", "1000");
        await page.SelectOptionAsync("#al-direction", "below");
        await page.FillAsync("#al-quiet", "0");
        await page.ClickAsync("#al-add-webhook");
        await page.FillAsync("#al-delivery-list .dl-webhook", $"http://127.0.0.1:{FreePort.Next()}/hook"); // nobody listens: every attempt fails
        await page.ClickAsync("#alert-form button[type=submit]");

        await Expect(page.Locator("#alert-saved")).ToHaveTextAsync("Saved dash-low.");
        var row = page.Locator("#alert-rules tr", new() { HasText = "dash-low" });
        await Expect(row).ToContainTextAsync("listeners below 1,000");
        await Expect(row).ToContainTextAsync("station main");

        // The evaluator fires it (fewer than 1,000 listeners, for 0 s); the page shows it after a reload.
        await Eventually.Get(async () =>
        {
            await page.GotoAsync($"{fixture.BaseUrl}#live");
            await page.GotoAsync($"{fixture.BaseUrl}#alerts");
            await Expect(page.Locator("#alert-history tr").First).ToBeAttachedAsync();
            return await page.Locator("#alert-history tr", new() { HasText = "dash-low" }).CountAsync();
        }, n => n > 0, TimeSpan.FromSeconds(45), "the rule's firing is in the history");
        await Expect(page.Locator("#alert-history tr", new() { HasText = "dash-low" }).First).ToContainTextAsync("firing");

        await page.ClickAsync("button:text-is('Deliveries of dash-low')");
        await Expect(page.Locator("#alert-deliveries tr").First).ToContainTextAsync("webhook", new() { Timeout = 10_000 });

        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.ClickAsync("button:text-is('Delete dash-low')");
        await Expect(page.Locator("#alert-saved")).ToHaveTextAsync("Deleted dash-low.");
        await Expect(page.Locator("#alert-rules tr", new() { HasText = "dash-low" })).ToHaveCountAsync(0);
        Assert.Empty(fixture.ErrorsOf(page));
    }

    [Fact]
    public async Task An_unreachable_server_shows_a_red_banner_on_live()
    {
        using var client = fixture.App.CreateApiClient();
        await Eventually.Get(async () => await client.GetFromJsonAsync<System.Text.Json.Nodes.JsonNode>("/api/asteroid/admin/servers/unreached"),
            s => (string?)s!["status"] == "unreachable", TimeSpan.FromSeconds(20), "discovery of the closed port fails");
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}#live");

        var banner = page.Locator("#live-problems");
        await Expect(banner).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(banner).ToContainTextAsync("Server unreached");
        await Expect(banner).ToContainTextAsync("unreachable");
        await Expect(page.Locator("tr[data-mount='main/live.mp3'][aria-selected='true']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_saved_station_keeps_its_mounts_ticked_and_saving_again_keeps_them()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}#servers");
        var second = page.Locator("#st-mounts input[value='main/second.mp3']");
        await Expect(second).ToBeAttachedAsync(new() { Timeout = 15_000 });
        await page.FillAsync("#st-id", "second-fm");
        await page.FillAsync("#st-name", "Second FM");
        await second.CheckAsync();

        await page.ClickAsync("#station-form button[type=submit]");
        await Expect(page.Locator("#station-saved")).ToContainTextAsync("Saved station Second FM with 1 mount");
        await Expect(page.Locator("#station-list")).ToContainTextAsync("main/second.mp3");
        await Expect(second).ToBeCheckedAsync();
        await page.ClickAsync("#station-form button[type=submit]"); // saving again must not clear the mounts
        await Expect(page.Locator("#station-saved")).ToContainTextAsync("with 1 mount");

        using var client = fixture.App.CreateApiClient();
        var station = await client.GetFromJsonAsync<System.Text.Json.Nodes.JsonNode>("/api/asteroid/admin/stations/second-fm");
        Assert.Equal(["/second.mp3"], station!["mounts"]!.AsArray().Select(m => (string?)m!["mount"]));

        // A second click on the hook configuration shows the snippet once, not twice.
        var card = page.Locator("#server-list .card").First;
        await card.GetByRole(AriaRole.Button, new() { Name = "Hook configuration" }).ClickAsync();
        await Expect(card).ToHaveAttributeAsync("data-hook-shown", "1");
        await card.GetByRole(AriaRole.Button, new() { Name = "Hook configuration" }).ClickAsync();
        await Expect(card).ToHaveAttributeAsync("data-hook-shown", "2");
        Assert.Equal(1, await card.Locator("pre.snippet").CountAsync());
        Assert.Empty(fixture.ErrorsOf(page));
        (await client.DeleteAsync("/api/asteroid/admin/stations/second-fm")).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task The_export_downloads_a_csv()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}#export");
        await page.SelectOptionAsync("#ex-dataset", "sessions");
        await Expect(page.Locator("#export-link")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("dataset=sessions"));

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-link"));
        var path = Path.Combine(fixture.Artifacts, download.SuggestedFilename);
        await download.SaveAsAsync(path);

        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        var lines = await File.ReadAllLinesAsync(path);
        Assert.StartsWith("sessionId,server,mount", lines[0], StringComparison.Ordinal);
        Assert.True(lines.Length > 2, "the imported sessions are in the file");
        Assert.DoesNotContain(lines, l => l.Contains("81.2.69.142", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_shows_page_imports_an_ics_file_and_lists_the_answer()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}#shows");
        await Expect(page.Locator("#shows tr").First).ToBeAttachedAsync(new() { Timeout = 10_000 });
        // A one-off in 2030 (no effect on the other pages) and a monthly rule, which is skipped.
        const string ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:browser-special\r\nSUMMARY:Browser Special\r\n" +
            "DTSTART:20300105T200000Z\r\nDTEND:20300105T210000Z\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:browser-monthly\r\nSUMMARY:Monthly\r\n" +
            "DTSTART:20300105T200000Z\r\nDTEND:20300105T210000Z\r\nRRULE:FREQ=MONTHLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

        await page.SetInputFilesAsync("#ics-file", new FilePayload { Name = "schedule.ics", MimeType = "text/calendar", Buffer = Encoding.UTF8.GetBytes(ics) });
        await page.ClickAsync("#ics-form button[type=submit]");

        await Expect(page.Locator("#ics-status p")).ToContainTextAsync("1 created", new() { Timeout = 10_000 });
        await Expect(page.Locator("#ics-status li")).ToContainTextAsync("FREQ=MONTHLY");
        await page.ScreenshotAsync(new() { Path = fixture.Screenshot("shows-ics-import"), FullPage = true });
        Assert.Empty(fixture.ErrorsOf(page));
    }

    [Fact]
    public async Task Send_now_on_the_export_page_sends_a_scheduled_report_to_its_webhook()
    {
        await using var receiver = await Alerts.WebhookReceiver.StartAsync("report-secret");
        using var client = fixture.App.CreateApiClient();
        (await client.PutAsJsonAsync("/api/asteroid/admin/report-schedules/browser-daily", new
        {
            name = "Network daily",
            period = "daily",
            deliveries = new[] { new { webhook = receiver.Url, secret = "report-secret" } },
            attachments = DailyOnly,
        })).EnsureSuccessStatusCode();
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}#export");
        await Expect(page.Locator("#report-schedules")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-last-run='browser-daily']")).ToHaveTextAsync("none yet");

        await page.ClickAsync("button[data-send='browser-daily']");

        await Expect(page.Locator("[data-last-run='browser-daily']")).ToContainTextAsync("(manual): queued");
        var received = await Eventually.Get(() => Task.FromResult(receiver.Requests.ToList()), r => r.Count > 0, TimeSpan.FromSeconds(30), "the report webhook");
        var body = System.Text.Json.Nodes.JsonNode.Parse(received[0].Body)!;
        Assert.True(received[0].SignatureValid);
        Assert.Equal(("browser-daily", "manual", "network:all"), ((string?)body["schedule"], (string?)body["trigger"], (string?)body["scope"]));
        var file = body["files"]!.AsArray().Single()!;
        Assert.StartsWith("date,sessions,", Encoding.UTF8.GetString(Convert.FromBase64String((string)file["base64"]!)), StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = fixture.Screenshot("export-schedules"), FullPage = true });
        Assert.Empty(fixture.ErrorsOf(page));
        (await client.DeleteAsync("/api/asteroid/admin/report-schedules/browser-daily")).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Signed_in_with_an_api_key_the_export_downloads_too()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}#key={AsteroidApp.ApiKey}");
        await Expect(page.Locator("#nav")).ToBeVisibleAsync();
        await page.GotoAsync($"{fixture.BaseUrl}#export");
        await Expect(page.Locator("#export-link")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("dataset="));

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-link"));
        var path = Path.Combine(fixture.Artifacts, "key-" + download.SuggestedFilename);
        await download.SaveAsAsync(path);

        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        Assert.StartsWith("date,", (await File.ReadAllLinesAsync(path))[0], StringComparison.Ordinal);
        Assert.Empty(fixture.ErrorsOf(page));
    }

    public sealed class Fixture : IAsyncLifetime
    {
        private readonly TestDatabase _database = TestDatabase.Create();
        private IPlaywright _playwright = null!;
        private IBrowser _browser = null!;

        public AsteroidApp App { get; private set; } = null!;

        public IcecastInstance Icecast { get; private set; } = null!;

        public Uri BaseUrl { get; private set; } = null!;

        private readonly System.Runtime.CompilerServices.ConditionalWeakTable<IPage, List<string>> _errors = [];

        /// <summary>Console errors and uncaught exceptions of one page.</summary>
        public List<string> ErrorsOf(IPage page) => _errors.GetOrCreateValue(page);

        public string Artifacts { get; } = Path.Combine(RepoPaths.Root, "artifacts", "screenshots");

        public string Screenshot(string name) => Path.Combine(Artifacts, $"{name}.png");

        public async Task InitializeAsync()
        {
            Directory.CreateDirectory(Artifacts);
            Icecast = await IcecastInstance.StartAsync();
            await Icecast.AddSourceAsync("/live.mp3");
            await Icecast.AddSourceAsync("/second.mp3");
            App = new AsteroidApp(_database, new Dictionary<string, string?>
            {
                // e-mail deliveries can be saved (nobody listens: the rules that have them never fire)
                ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
                ["Smtp:From"] = "Asteroid <alerts@example.org>", ["Smtp:StartTls"] = "none",
            });
            BaseUrl = App.StartOnLoopback();
            using var client = App.CreateApiClient();
            (await client.PutAsJsonAsync("/api/asteroid/admin/servers/main", new
            {
                baseUrl = Icecast.BaseUrl, adminUser = IcecastInstance.AdminUser, adminPassword = Icecast.AdminPassword, pollIntervalSeconds = 1, enabled = true,
            })).EnsureSuccessStatusCode();
            // A server nobody answers for: Live must say so, not hide it.
            (await client.PutAsJsonAsync("/api/asteroid/admin/servers/unreached", new
            {
                baseUrl = $"http://127.0.0.1:{FreePort.Next()}", adminUser = "admin", adminPassword = "unused", pollIntervalSeconds = 1, enabled = true,
            })).EnsureSuccessStatusCode();
            await ImportHistoryAsync(client);
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : "/usr/lib/chromium/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });
        }

        /// <summary>A page at 1280 × 900, or (phone) at 390 × 844 with a touch screen.</summary>
        public async Task<IPage> NewPageAsync(bool phone = false)
        {
            var context = await _browser.NewContextAsync(phone
                ? new() { AcceptDownloads = true, ViewportSize = new() { Width = 390, Height = 844 }, HasTouch = true }
                : new() { AcceptDownloads = true, ViewportSize = new() { Width = 1280, Height = 900 } });
            var page = await context.NewPageAsync();
            var errors = ErrorsOf(page);
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    lock (errors)
                    {
                        errors.Add($"{message.Text} ({message.Location})");
                    }
                }
            };
            page.PageError += (_, error) =>
            {
                lock (errors)
                {
                    errors.Add(error);
                }
            };
            return page;
        }

        public async Task<IPage> SignedInPageAsync(bool phone = false)
        {
            var page = await NewPageAsync(phone);
            await page.GotoAsync(BaseUrl.ToString());
            await page.FillAsync("#login-user", AsteroidApp.AdminUser);
            await page.FillAsync("#login-password", AsteroidApp.AdminPassword);
            await page.ClickAsync("#login button[type=submit]");
            await Expect(page.Locator(phone ? "#menu" : "#nav")).ToBeVisibleAsync(); // on a phone the links wait behind the menu button
            return page;
        }

        /// <summary>Yesterday's sessions from public test addresses (as data), so charts and the map have something to show.</summary>
        private static async Task ImportHistoryAsync(HttpClient client)
        {
            var yesterday = DateTimeOffset.UtcNow.Date.AddDays(-1).AddHours(12);
            var log = new StringBuilder();
            string[] ips = ["81.2.69.142", "2.125.160.216", "216.160.83.56", "89.160.20.112", "175.16.199.0"];
            for (var i = 0; i < 40; i++)
            {
                var end = yesterday.AddMinutes(i * 17);
                log.Append(CultureInfo.InvariantCulture,
                    $"{ips[i % ips.Length]} - - [{end:dd/MMM/yyyy:HH:mm:ss} +0000] \"GET /live.mp3 HTTP/1.1\" 200 100000 \"-\" \"{(i % 2 == 0 ? "VLC/3.0.18 LibVLC/3.0.18" : "Winamp/5.9")}\" {120 + i * 60}\n");
            }

            using var response = await client.PostAsync("/api/asteroid/admin/import/access-log?server=main", new StringContent(log.ToString()));
            response.EnsureSuccessStatusCode();
            var day = yesterday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            await Eventually.Get(async () => await client.GetFromJsonAsync<System.Text.Json.Nodes.JsonNode>($"/api/asteroid/stats/daily?station=main&from={day}&to={day}"),
                r => (long?)r!["total"]!["sessions"] == 40, TimeSpan.FromSeconds(20), "the imported history is aggregated");
        }

        public async Task DisposeAsync()
        {
            await _browser.DisposeAsync();
            _playwright.Dispose();
            await App.DisposeAsync();
            await Icecast.DisposeAsync();
            await _database.DisposeAsync();
        }
    }
}
