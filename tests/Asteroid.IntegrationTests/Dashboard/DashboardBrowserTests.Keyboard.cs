using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Asteroid.IntegrationTests.Dashboard;

/// <summary>Keyboard use of every page, the phone menu, and the charts at 390 px.</summary>
public sealed partial class DashboardBrowserTests
{
    private static readonly string[] MainOnly = ["main"];

    /// <summary>Numbers every visible, enabled control in document order (data-control) and answers how many.</summary>
    private const string MarkControls = """
        () => { let n = 0;
          for (const c of document.querySelectorAll("[data-control]")) { delete c.dataset.control; }
          for (const c of document.querySelectorAll("a[href], button, input, select, textarea, [tabindex='0']")) {
            if (c.getClientRects().length && !c.closest("[hidden]") && !c.disabled && getComputedStyle(c).visibility !== "hidden" && c.tabIndex >= 0) { c.dataset.control = String(n++); } }
          return n; }
        """;

    private const string FocusedControl = """
        () => { const a = document.activeElement; const s = getComputedStyle(a);
          return [a.dataset.control ?? "", s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2 ? "visible" : `${a.tagName}#${a.id} ${s.outlineStyle} ${s.outlineWidth}`,
            `${a.tagName}#${a.id}.${a.getAttribute("class")}`]; }
        """;

    /// <summary>Waits until the page has its data and no panel is loading.</summary>
    private async Task ShownAsync(IPage page, string name, string ready)
    {
        await Expect(page.Locator($"#page-{name}")).ToBeVisibleAsync();
        await Expect(page.Locator(ready).First).ToBeAttachedAsync(new() { Timeout = 10_000 });
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Expect(page.Locator($"#page-{name} [data-state='loading']")).ToHaveCountAsync(0, new() { Timeout = 10_000 });
    }

    [Fact]
    public async Task Tab_reaches_every_control_of_every_page_in_document_order_and_shows_where_the_focus_is()
    {
        var page = await fixture.SignedInPageAsync();
        var problems = new List<string>();
        foreach (var (name, ready) in Pages)
        {
            await page.GotoAsync($"{fixture.BaseUrl}#{name}");
            await ShownAsync(page, name, ready);
            var controls = await page.EvaluateAsync<int>(MarkControls);
            // Start at the top: the skip link, the first control (Tab goes on from where focus was last).
            await page.EvaluateAsync("() => { document.querySelector('.skip').focus(); window.scrollTo(0, 0); }");
            var order = new List<int> { 0 };
            var strays = new HashSet<string>();
            for (var i = 0; i < controls * 3 + 10 && order.Distinct().Count() < controls; i++)
            {
                await page.Keyboard.PressAsync("Tab");
                var answer = await page.EvaluateAsync<string[]>(FocusedControl);
                if (answer[0] == "")
                {
                    strays.Add(answer[2]);
                    continue;
                }

                var control = int.Parse(answer[0], CultureInfo.InvariantCulture);
                if (order.Count > 0 && order[^1] == control)
                {
                    continue; // a date input's day, month and year take one Tab each
                }

                order.Add(control);
                if (answer[1] != "visible")
                {
                    problems.Add($"#{name}: no focus ring on {answer[1]}");
                }
            }

            if (order.Distinct().Count() != controls)
            {
                problems.Add($"#{name}: Tab reached {order.Distinct().Count()} of {controls} controls; it went to {string.Join(", ", strays.Take(5))}");
            }

            if (!order.SequenceEqual(order.Order()))
            {
                problems.Add($"#{name}: Tab order {string.Join(",", order)} is not the document's (and the layout's) order");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Empty(fixture.ErrorsOf(page));
    }

    [Fact]
    public async Task The_page_links_work_by_keyboard_and_a_confirm_dialog_answers_to_the_keyboard()
    {
        using var client = fixture.App.CreateApiClient();
        var created = await (await client.PostAsJsonAsync("/api/asteroid/admin/api-keys", new { name = "keyboard-key", role = "viewer", stations = MainOnly })).Content.ReadFromJsonAsync<JsonNode>();
        var page = await fixture.SignedInPageAsync();

        // Tab from the top to the "API keys" link and press Enter.
        await page.EvaluateAsync("() => document.activeElement?.blur()");
        for (var i = 0; i < 30 && await page.EvaluateAsync<string?>("() => document.activeElement?.getAttribute('href')") != "#keys"; i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#page-keys")).ToBeVisibleAsync();
        await Expect(page.Locator("#nav a[href='#keys']")).ToHaveAttributeAsync("aria-current", "page");

        // Revoke asks first: Escape (dismiss) keeps the key, Enter on the button and accepting revokes it.
        var revoke = page.GetByRole(AriaRole.Button, new() { Name = "Revoke keyboard-key" });
        await Expect(revoke).ToBeVisibleAsync(new() { Timeout = 10_000 });
        var asked = new List<string>();
        var accept = false;
        page.Dialog += async (_, dialog) =>
        {
            asked.Add(dialog.Message);
            if (accept)
            {
                await dialog.AcceptAsync();
            }
            else
            {
                await dialog.DismissAsync();
            }
        };
        await revoke.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Eventually.Get(() => Task.FromResult(asked.Count), n => n == 1, TimeSpan.FromSeconds(5), "the confirm dialog");
        Assert.Contains("Revoke the key keyboard-key?", asked[0], StringComparison.Ordinal);
        await Expect(revoke).ToBeVisibleAsync(); // dismissed: still there
        accept = true;
        await revoke.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#keys tr", new() { HasText = "keyboard-key" })).ToHaveCountAsync(0);
        await Expect(page.Locator("#new-key")).ToHaveTextAsync("Revoked keyboard-key.");
        Assert.Equal(2, asked.Count);
        Assert.NotNull(created);
        Assert.Empty(fixture.ErrorsOf(page));
    }

    [Fact]
    public async Task On_a_phone_every_page_is_reached_from_the_pages_menu_by_touch_and_by_keyboard_and_nothing_overflows()
    {
        var page = await fixture.SignedInPageAsync(phone: true);
        var menu = page.Locator("#menu");
        foreach (var (name, ready) in Pages)
        {
            await Expect(page.Locator("#nav")).ToBeHiddenAsync(); // one button, not a strip cut off at the edge
            await Expect(menu).ToHaveAttributeAsync("aria-expanded", "false");
            await menu.TapAsync();
            await Expect(menu).ToHaveAttributeAsync("aria-expanded", "true");
            var link = page.Locator($"#nav a[href='#{name}']");
            await Expect(link).ToBeVisibleAsync();
            var outside = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll("#nav a, #nav button")].filter((a) => a.getClientRects().length)
                  .filter((a) => { const r = a.getBoundingClientRect(); return r.left < 0 || r.right > window.innerWidth || r.height < 40; })
                  .map((a) => a.textContent)
                """);
            Assert.True(outside.Length == 0, $"menu entries cut off or too small to tap: {string.Join(", ", outside)}");
            await page.ScreenshotAsync(new() { Path = fixture.Screenshot("phone-menu-open") });
            await link.TapAsync();

            await Expect(page.Locator("#nav")).ToBeHiddenAsync();
            await ShownAsync(page, name, ready);
            await Expect(link).ToHaveAttributeAsync("aria-current", "page");
            var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
            Assert.True(widths[0] <= widths[1], $"#{name} at 390 px scrolls sideways: {widths[0]} > {widths[1]}");
        }

        // By keyboard: Enter opens it on the current page's link, Tab moves on, Enter goes there; Escape closes it.
        await menu.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#nav a[href='#about']")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.Locator("#nav")).ToBeHiddenAsync();
        await Expect(menu).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Shift+Tab");
        await Expect(page.Locator("#nav a[href='#users']")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#page-users")).ToBeVisibleAsync();
        await Expect(page.Locator("#nav")).ToBeHiddenAsync();

        await page.SetViewportSizeAsync(1400, 1000); // on a wide screen the links are a row and the button is gone
        await Expect(menu).ToBeHiddenAsync();
        await Expect(page.Locator("#nav a[href='#live']")).ToBeVisibleAsync();
        Assert.Empty(fixture.ErrorsOf(page));
    }

    [Fact]
    public async Task At_390_px_no_trends_chart_has_overlapping_or_rotated_labels_and_hours_have_no_dots()
    {
        var page = await fixture.SignedInPageAsync(phone: true);
        var today = DateTimeOffset.UtcNow.Date;
        var from = today.AddDays(-13).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await page.GotoAsync($"{fixture.BaseUrl}#trends?scope=main&from={from}&to={today:yyyy-MM-dd}");
        await Expect(page.Locator("#chart-hourly").Locator("xpath=..")).ToHaveAttributeAsync("data-state", "ready", new() { Timeout = 10_000 });
        await Expect(page.Locator("#page-trends figure[data-state='ready']")).ToHaveCountAsync(6);

        var overlaps = await page.EvaluateAsync<string[]>("""
            () => ["chart-uniques", "chart-sessions", "chart-hours", "chart-atsl", "chart-peak", "chart-hourly"].flatMap((id) => {
              const chart = Chart.getChart(id), scale = chart.scales.x, ctx = chart.ctx;
              ctx.save(); ctx.font = Chart.helpers.toFont(scale.options.ticks.font).string;
              const ticks = scale.ticks.map((t, i) => ({ x: scale.getPixelForTick(i), w: ctx.measureText([t.label].flat().join(" ")).width, label: t.label }));
              ctx.restore();
              const out = scale.labelRotation !== 0 ? [`${id}: labels rotated ${scale.labelRotation}°`] : [];
              for (let i = 1; i < ticks.length; i++) {
                if (ticks[i].x - ticks[i - 1].x < (ticks[i].w + ticks[i - 1].w) / 2) { out.push(`${id}: "${ticks[i - 1].label}" overlaps "${ticks[i].label}"`); }
              }
              return out;
            })
            """);
        Assert.True(overlaps.Length == 0, string.Join("\n", overlaps));
        Assert.True(await page.EvaluateAsync<bool>("() => Chart.getChart('chart-hourly').data.datasets.every((d) => d.pointRadius === 0)"), "336 hours are a line, not dots");

        // A range over 31 days says why there is no hour-by-hour chart instead of keeping the old one.
        await page.GotoAsync($"{fixture.BaseUrl}#trends?scope=main&from={today.AddDays(-89):yyyy-MM-dd}&to={today:yyyy-MM-dd}");
        await page.ReloadAsync();
        await Expect(page.Locator("#chart-hourly").Locator("xpath=..").Locator(".panel-state")).ToHaveTextAsync("Hour by hour needs a range of at most 31 days; this one has 90.", new() { Timeout = 10_000 });
        await Expect(page.Locator("#chart-hourly")).ToBeHiddenAsync();
        Assert.Empty(fixture.ErrorsOf(page));
    }

    [Fact]
    public async Task A_tooltip_names_the_series_the_date_of_the_previous_period_and_the_unit_with_rounded_values()
    {
        var page = await fixture.SignedInPageAsync();
        var day = DateTimeOffset.UtcNow.Date.AddDays(-1);
        await page.GotoAsync($"{fixture.BaseUrl}#trends?scope=main&from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}");
        await Expect(page.Locator("#chart-hours").Locator("xpath=..")).ToHaveAttributeAsync("data-state", "ready", new() { Timeout = 10_000 });

        var lines = await page.EvaluateAsync<string[]>("""
            () => { const c = Chart.getChart("chart-hours");
              c.tooltip.setActiveElements([{ datasetIndex: 0, index: 0 }, { datasetIndex: 1, index: 0 }], { x: 10, y: 10 }); c.update();
              return c.tooltip.body.map((b) => b.lines.join(" ")); }
            """);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^this period: \d+(\.\d{1,2})? hours$", lines[0]);
        Assert.Equal($"previous period ({day.AddDays(-1):yyyy-MM-dd}): 0 hours", lines[1]);
        Assert.DoesNotContain(" – ", lines[0], StringComparison.Ordinal);
        Assert.Empty(fixture.ErrorsOf(page));
    }

    [Fact]
    public async Task In_the_dark_theme_every_map_legend_swatch_stands_out_from_the_card()
    {
        var page = await fixture.SignedInPageAsync();
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await page.GotoAsync($"{fixture.BaseUrl}#geography");
        await Expect(page.Locator("#map-legend .swatch").First).ToBeVisibleAsync(new() { Timeout = 15_000 });

        // WCAG 1.4.11: a graphic's edge at least 3:1 against what is around it.
        var ratios = await page.EvaluateAsync<double[]>("""
            () => {
              const parse = (c) => /rgba?\(([^)]+)\)/.exec(c)[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
              const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
              const ratio = (a, b) => { const [x, y] = [lum(parse(a)), lum(parse(b))].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
              const around = getComputedStyle(document.body).backgroundColor;
              return [...document.querySelectorAll("#map-legend .swatch")].map((s) => ratio(getComputedStyle(s).borderTopColor, around));
            }
            """);
        Assert.NotEmpty(ratios);
        Assert.All(ratios, r => Assert.True(r >= 3, $"a legend swatch's edge is {r:0.00}:1 against the page"));
        Assert.Empty(fixture.ErrorsOf(page));
    }
}
