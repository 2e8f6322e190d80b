using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Asteroid.IntegrationTests.Dashboard;

/// <summary>Review findings and the issue 18 leftovers: deliveries round-trip, the .ics import on a
/// station only, KPI changes, chart downloads, dark mode, keyboard, names and contrast.</summary>
public sealed partial class DashboardBrowserTests
{
    private static readonly string[] OpsMail = ["ops@example.org"];
    private static readonly string[] NightMail = ["night@example.org", "chief@example.org"];

    [Fact]
    public async Task Editing_a_rule_with_two_webhooks_and_two_email_lists_keeps_every_delivery_as_it_was()
    {
        using var client = fixture.App.CreateApiClient();
        (await client.PutAsJsonAsync("/api/asteroid/admin/alerts/dash-many", new
        {
            kind = "threshold", scope = new { station = "main" }, forSeconds = 60, threshold = 100000, direction = "above", quietMinutes = 30, enabled = false,
            deliveries = new object[]
            {
                new { webhook = "http://127.0.0.1:9/first", preset = "json", secret = "s3cret" },
                new { webhook = "http://127.0.0.1:9/second", preset = "slack" },
                new { email = OpsMail },
                new { email = NightMail },
            },
        })).EnsureSuccessStatusCode();
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}#alerts");

        await page.ClickAsync("button:text-is('Edit dash-many')", new() { Timeout = 10_000 });
        await Expect(page.Locator("#al-delivery-list .delivery")).ToHaveCountAsync(4);
        await page.ScreenshotAsync(new() { Path = fixture.Screenshot("alerts-edit-deliveries"), FullPage = true });
        await page.FillAsync("#al-threshold", "200000");
        await page.ClickAsync("#alert-form button[type=submit]");
        await Expect(page.Locator("#alert-saved")).ToHaveTextAsync("Saved dash-many.");

        var rule = (await client.GetFromJsonAsync<JsonNode>("/api/asteroid/admin/alerts/dash-many"))!;
        Assert.Equal(200000, (double)rule["threshold"]!);
        var deliveries = rule["deliveries"]!.AsArray();
        Assert.Equal(4, deliveries.Count);
        Assert.Equal("http://127.0.0.1:9/first", (string?)deliveries[0]!["webhook"]);
        Assert.Equal("json", (string?)deliveries[0]!["preset"]);
        Assert.True((bool)deliveries[0]!["hasSecret"]!, "the stored secret is kept when the field is left empty");
        Assert.Equal("http://127.0.0.1:9/second", (string?)deliveries[1]!["webhook"]);
        Assert.Equal("slack", (string?)deliveries[1]!["preset"]);
        Assert.False((bool)deliveries[1]!["hasSecret"]!);
        Assert.Equal(OpsMail, deliveries[2]!["email"]!.AsArray().Select(e => (string)e!));
        Assert.Equal(NightMail, deliveries[3]!["email"]!.AsArray().Select(e => (string)e!));
        Assert.Empty(fixture.ErrorsOf(page));
        (await client.DeleteAsync("/api/asteroid/admin/alerts/dash-many")).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task The_ics_import_and_the_schedule_editor_are_offered_on_a_station_only()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}#shows");
        await Expect(page.Locator("#shows tr").First).ToBeAttachedAsync(new() { Timeout = 10_000 });
        await Expect(page.Locator("#ics-file")).ToBeEnabledAsync();
        var posted = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Request += (_, request) => { if (request.Method == "POST") { posted.Enqueue(request.Url); } };

        foreach (var scope in new[] { "network:", "mount:main/live.mp3" })
        {
            await page.SelectOptionAsync("#shows-station", scope);
            await page.ClickAsync("form[data-range='shows'] button[type=submit]");
            await Expect(page.Locator("#ics-file")).ToBeDisabledAsync();
            await Expect(page.Locator("#ics-form button[type=submit]")).ToBeDisabledAsync();
            await Expect(page.Locator("#show-form button[type=submit]")).ToBeDisabledAsync();
            await Expect(page.Locator("#ics-scope-note")).ToContainTextAsync("pick a station as the scope");
        }

        await page.SelectOptionAsync("#shows-station", "main");
        await page.ClickAsync("form[data-range='shows'] button[type=submit]");
        await Expect(page.Locator("#ics-file")).ToBeEnabledAsync();
        await Expect(page.Locator("#ics-scope-note")).ToHaveTextAsync("");
        Assert.DoesNotContain(posted, u => u.Contains("/shows", StringComparison.Ordinal));
        Assert.Empty(fixture.ErrorsOf(page));
    }

    [Fact]
    public async Task Kpis_show_the_change_against_the_previous_period_of_the_same_length()
    {
        var day = DateTimeOffset.UtcNow.Date.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var before = DateTimeOffset.UtcNow.Date.AddDays(-2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var page = await fixture.SignedInPageAsync();

        // Yesterday has the imported sessions, the day before none: no change can be computed from nothing.
        await page.GotoAsync($"{fixture.BaseUrl}#trends?scope=main&from={day}&to={day}");
        var sessions = page.Locator("#trends-totals div", new() { HasText = "Sessions" });
        await Expect(sessions.Locator("dd.change")).ToContainTextAsync($"vs {before} – {before}", new() { Timeout = 10_000 });
        await Expect(page.Locator("#trends-totals dd.change")).ToHaveCountAsync(8);
        await Expect(sessions.Locator("dd.change")).ToContainTextAsync("n/a");

        // Today against yesterday: fewer sessions, a fall of 100 % or close to it.
        var today = DateTimeOffset.UtcNow.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await page.GotoAsync($"{fixture.BaseUrl}#audience?scope=main&from={today}&to={today}");
        var unique = page.Locator("#audience-kpis div", new() { HasText = "Unique listeners" });
        await Expect(unique.Locator("dd.change")).ToContainTextAsync($"vs {day} – {day}", new() { Timeout = 10_000 });
        await Expect(unique.Locator("dd.change.down")).ToContainTextAsync("%");
        Assert.Empty(fixture.ErrorsOf(page));
    }

    [Fact]
    public async Task Every_chart_downloads_its_data_as_csv_and_its_picture_as_png()
    {
        var page = await fixture.SignedInPageAsync();
        var day = DateTimeOffset.UtcNow.Date.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await page.GotoAsync($"{fixture.BaseUrl}#trends?scope=main&from={day}&to={day}");
        await Expect(page.Locator("#trends-totals dd.change").First).ToBeAttachedAsync(new() { Timeout = 10_000 });
        foreach (var canvas in await page.Locator("#page-trends canvas").AllAsync())
        {
            var id = await canvas.GetAttributeAsync("id");
            await Expect(page.Locator($"#{id} + .chart-tools button")).ToHaveCountAsync(2);
        }

        var csv = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#chart-sessions + .chart-tools button:text-is('CSV')"));
        Assert.Equal($"sessions-{day}-{day}.csv", csv.SuggestedFilename);
        var lines = (await File.ReadAllLinesAsync(await csv.PathAsync())).ToList();
        Assert.StartsWith("label,", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"{day},40", lines[1], StringComparison.Ordinal); // the 40 imported sessions of that day

        var png = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#chart-sessions + .chart-tools button:text-is('PNG')"));
        Assert.EndsWith(".png", png.SuggestedFilename, StringComparison.Ordinal);
        var bytes = await File.ReadAllBytesAsync(await png.PathAsync());
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        Assert.Empty(fixture.ErrorsOf(page));
    }

    [Fact]
    public async Task Trends_axes_name_their_units_and_minutes_never_share_an_axis_with_listeners()
    {
        var page = await fixture.SignedInPageAsync();
        var day = DateTimeOffset.UtcNow.Date.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await page.GotoAsync($"{fixture.BaseUrl}#trends?scope=main&from={day}&to={day}");
        await Expect(page.Locator("#trends-totals dd.change").First).ToBeAttachedAsync(new() { Timeout = 10_000 });
        var axes = await page.EvaluateAsync<string[]>("""
            () => ["chart-uniques", "chart-sessions", "chart-hours", "chart-atsl", "chart-peak"].map((id) => {
              const chart = Chart.getChart(id);
              const names = Object.values(chart.options.scales).filter((s) => s.axis === "y").map((s) => s.title.text).join("+");
              const atslAxis = chart.data.datasets.map((d) => `${d.label}@${d.yAxisID ?? "y"}`).join(",");
              return `${id}:${names}:${atslAxis}`;
            })
            """);
        Assert.StartsWith("chart-uniques:listeners:", axes[0], StringComparison.Ordinal);
        Assert.StartsWith("chart-sessions:sessions:", axes[1], StringComparison.Ordinal);
        Assert.StartsWith("chart-hours:hours:", axes[2], StringComparison.Ordinal);
        Assert.Equal("chart-atsl:minutes+listeners:ATSL (minutes)@y,AQH (listeners)@y1", axes[3]);
        Assert.StartsWith("chart-peak:listeners:", axes[4], StringComparison.Ordinal);
        Assert.Empty(fixture.ErrorsOf(page));

        // On a phone the charts are taller than wide-screen proportions, with flat date labels.
        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        await Expect(page.Locator("#trends-totals dd.change").First).ToBeAttachedAsync(new() { Timeout = 10_000 });
        var shape = await page.EvaluateAsync<double[]>("() => { const c = Chart.getChart('chart-sessions'); return [c.height / c.width, c.options.scales.x.ticks.maxRotation]; }");
        Assert.True(shape[0] >= 0.75, $"the chart at 390 px is {shape[0]:0.00} times as high as wide");
        Assert.Equal(0, shape[1]);
    }

    [Fact]
    public async Task Dark_mode_follows_the_system_until_the_toggle_chooses_and_remembers()
    {
        var page = await fixture.SignedInPageAsync();
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await page.ReloadAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        await Expect(page.Locator("#theme")).ToHaveAttributeAsync("aria-pressed", "true");
        var dark = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");

        await page.GotoAsync($"{fixture.BaseUrl}#geography"); // the map's land follows the theme, also when it switches
        var brazil = page.Locator("path[data-country='BR']");
        await Expect(brazil).ToHaveAttributeAsync("fill", "#2a303a", new() { Timeout = 15_000 });

        await page.ClickAsync("#theme");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "light");
        await Expect(brazil).ToHaveAttributeAsync("fill", "#f4f5f7");
        await page.ReloadAsync(); // the choice outlives the page, against the system's dark
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "light");
        Assert.NotEqual(dark, await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor"));
        Assert.Equal("light", await page.EvaluateAsync<string>("() => localStorage.getItem('asteroid.theme')"));
        Assert.Empty(fixture.ErrorsOf(page));
    }

    /// <summary>WCAG AA: text against its background (4.5:1, 3:1 for large text), ignoring disabled controls.</summary>
    private const string ContrastFailures = """
        () => {
          const parse = (c) => { const m = /rgba?\(([^)]+)\)/.exec(c); if (!m) { return null; } const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
          const lum = ({ r, g, b }) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
          const background = (node) => {
            const layers = [];
            for (let n = node; n && n.nodeType === 1; n = n.parentElement) {
              const c = parse(getComputedStyle(n).backgroundColor);
              if (c && c.a > 0) { layers.push(c); if (c.a >= 1) { break; } }
            }
            let base = { r: 255, g: 255, b: 255 };
            for (const l of layers.reverse()) { base = { r: l.r * l.a + base.r * (1 - l.a), g: l.g * l.a + base.g * (1 - l.a), b: l.b * l.a + base.b * (1 - l.a) }; }
            return base;
          };
          const failures = [];
          for (const node of document.querySelectorAll("body *")) {
            if (!node.getClientRects().length || node.closest("[hidden], canvas, svg, .leaflet-pane, :disabled")) { continue; }
            if (![...node.childNodes].some((c) => c.nodeType === 3 && c.textContent.trim())) { continue; }
            const style = getComputedStyle(node);
            if (style.visibility === "hidden" || Number(style.opacity) === 0) { continue; }
            const fg = parse(style.color), bg = background(node);
            const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
            const ratio = (a + 0.05) / (b + 0.05);
            const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
            const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
            if (ratio < needed) { failures.push(`${node.tagName.toLowerCase()}${node.id ? "#" + node.id : ""}.${node.className} "${node.textContent.trim().slice(0, 40)}" ${ratio.toFixed(2)} < ${needed}`); }
          }
          return failures;
        }
        """;

    /// <summary>Visible controls with no accessible name (label, aria-label, aria-labelledby, text or title).</summary>
    private const string UnnamedControls = """
        () => [...document.querySelectorAll("a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])")]
          .filter((c) => c.getClientRects().length && !c.closest("[hidden]") && c.type !== "hidden")
          .filter((c) => !(c.getAttribute("aria-label") || c.getAttribute("aria-labelledby") || (c.labels && [...c.labels].some((l) => l.textContent.trim()))
            || (!["INPUT", "SELECT", "TEXTAREA"].includes(c.tagName) && c.textContent.trim()) || c.title))
          .map((c) => `${c.tagName.toLowerCase()}${c.id ? "#" + c.id : ""}.${c.className}`)
        """;

    [Fact]
    public async Task Every_page_in_both_themes_has_aa_contrast_named_controls_and_screenshots_at_both_widths()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}#about");
        await page.EvaluateAsync("() => { const p = document.createElement('p'); p.id = 'pale'; p.textContent = 'pale text'; p.style.color = '#bbb'; document.getElementById('page-about').append(p); }");
        Assert.Contains(await page.EvaluateAsync<string[]>(ContrastFailures), f => f.StartsWith("p#pale", StringComparison.Ordinal)); // the check sees a failure
        await page.EvaluateAsync("() => document.getElementById('pale').remove()");
        var problems = new List<string>();
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            await page.EmulateMediaAsync(new() { ColorScheme = scheme });
            foreach (var width in new[] { 1400, 390 })
            {
                await page.SetViewportSizeAsync(width, width == 390 ? 844 : 1000);
                foreach (var (name, ready) in Pages)
                {
                    await page.GotoAsync($"{fixture.BaseUrl}#{name}");
                    await ShownAsync(page, name, ready);
                    if (scheme == ColorScheme.Dark)
                    {
                        await page.ScreenshotAsync(new() { Path = fixture.Screenshot($"{name}-{width}-dark"), FullPage = true });
                    }

                    if (width == 1400)
                    {
                        problems.AddRange((await page.EvaluateAsync<string[]>(ContrastFailures)).Select(f => $"{scheme} #{name} contrast: {f}"));
                        problems.AddRange((await page.EvaluateAsync<string[]>(UnnamedControls)).Select(f => $"#{name} no name: {f}"));
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct()));
        Assert.Empty(fixture.ErrorsOf(page));
    }
}
