using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Asteroid.IntegrationTests.Dashboard;

/// <summary>The defects issue 18 lists that had no browser test of their own, each checked by behaviour.</summary>
public sealed partial class DashboardBrowserTests
{
    [Fact]
    public async Task Live_station_cards_name_their_time_zone_and_count_one_listener_in_the_singular()
    {
        var page = await fixture.SignedInPageAsync();
        var card = page.Locator("#stations .card", new() { HasText = "main" }).First;
        await Expect(card).ToContainTextAsync("(UTC)", new() { Timeout = 15_000 }); // a peak time says its zone

        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Expect(page.Locator("#page-live")).Not.ToContainTextAsync(new Regex(@"\b1 (unique )?listeners\b"));
        // The cards count with the page's own formatter: one listener, two listeners.
        var counted = await page.EvaluateAsync<string[]>("async () => { const { fmt } = await import('/js/api.js'); return [fmt.count(1, 'listener'), fmt.count(2, 'unique listener')]; }");
        Assert.Equal(["1 listener", "2 unique listeners"], counted);
        Assert.Empty(fixture.ErrorsOf(page));
    }

    [Fact]
    public async Task Kpis_come_before_the_charts_and_every_breakdown_label_is_drawn_with_a_heatmap_legend()
    {
        var page = await fixture.SignedInPageAsync();
        var day = DateTimeOffset.UtcNow.Date.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await page.GotoAsync($"{fixture.BaseUrl}#trends?scope=main&from={day}&to={day}");
        await Expect(page.Locator("#trends-totals")).ToHaveAttributeAsync("data-state", "ready", new() { Timeout = 10_000 });
        var kpis = (await page.Locator("#trends-totals").BoundingBoxAsync())!;
        var chart = (await page.Locator("#page-trends figure").First.BoundingBoxAsync())!;
        Assert.True(kpis.Y + kpis.Height <= chart.Y, "the KPIs are above the charts");

        await page.GotoAsync($"{fixture.BaseUrl}#audience?scope=main&from={day}&to={day}");
        foreach (var id in new[] { "chart-players", "chart-devices", "chart-os" })
        {
            await Expect(page.Locator($"#{id}").Locator("xpath=..")).ToHaveAttributeAsync("data-state", "ready", new() { Timeout = 10_000 });
        }

        var drawn = await page.EvaluateAsync<int[]>("() => ['chart-players', 'chart-devices', 'chart-os'].flatMap((id) => { const c = Chart.getChart(id); return [c.scales.y.ticks.length, c.data.labels.length]; })");
        for (var i = 0; i < drawn.Length; i += 2)
        {
            Assert.Equal(drawn[i + 1], drawn[i]); // no label skipped
        }

        Assert.True(await page.Locator("#heatmap-legend .swatch").CountAsync() >= 2, "the heatmap has a legend");
        await Expect(page.Locator("#heatmap span[role=cell]").First).ToHaveAttributeAsync("title", new Regex("AQH"));
        await Expect(page.Locator("#audience-kpis abbr.info[title*='judges each day on its own']")).ToHaveCountAsync(1); // new vs returning explained
        Assert.Empty(fixture.ErrorsOf(page));
    }

    [Fact]
    public async Task The_map_shows_south_america_and_australia_whole_and_a_country_lists_twenty_cities_until_asked_for_all()
    {
        var page = await fixture.SignedInPageAsync();
        var cities = Enumerable.Range(1, 30).Select(i => new { city = $"Town {i}", region = "North", uniqueListeners = 31 - i, sessions = 31 - i, listenMinutes = 10.0 * i }).ToArray();
        var body = JsonSerializer.Serialize(new
        {
            countries = new[] { new { countryCode = "AU", countryName = "Australia", uniqueListeners = 465, sessions = 465, listenMinutes = 100.0, cities } },
        });
        await page.RouteAsync(new Regex("/stats/geo\\?"), route => route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = body }));
        await page.GotoAsync($"{fixture.BaseUrl}#geography");
        await Expect(page.Locator("#countries tr", new() { HasText = "Australia" })).ToBeVisibleAsync(new() { Timeout = 15_000 });

        // The map settles once its box has its final size (the tables below it appear with the answer).
        async Task<string> Clipped()
        {
            var map = (await page.Locator("#map").BoundingBoxAsync())!;
            var clipped = new List<string>();
            foreach (var code in new[] { "BR", "AR", "AU" })
            {
                var shape = (await page.Locator($"path[data-country='{code}']").BoundingBoxAsync())!;
                if (!(shape.X >= map.X && shape.Y >= map.Y && shape.X + shape.Width <= map.X + map.Width && shape.Y + shape.Height <= map.Y + map.Height))
                {
                    clipped.Add($"{code} at {shape.X},{shape.Y} {shape.Width}×{shape.Height} in {map.X},{map.Y} {map.Width}×{map.Height}");
                }
            }

            return string.Join("; ", clipped);
        }

        await Eventually.Get(Clipped, c => c.Length == 0, TimeSpan.FromSeconds(10), "Brazil, Argentina and Australia lie whole inside the map");

        await page.Locator("#countries tr", new() { HasText = "Australia" }).ClickAsync();
        await Expect(page.Locator("#cities-title")).ToHaveTextAsync("Cities in Australia");
        await Expect(page.Locator("#cities tr")).ToHaveCountAsync(21); // 20 and the button
        await page.ClickAsync("#cities button:text-is('Show all 30 cities')");
        await Expect(page.Locator("#cities tr")).ToHaveCountAsync(30);
        await Expect(page.Locator("#countries tr[aria-selected='true']")).ToHaveAttributeAsync("data-code", "AU");
        Assert.Empty(fixture.ErrorsOf(page));
    }

    [Fact]
    public async Task Copy_says_what_it_did_a_station_is_deleted_after_a_confirm_and_the_id_pattern_validates()
    {
        using var client = fixture.App.CreateApiClient();
        (await client.PutAsJsonAsync("/api/asteroid/admin/stations/doomed-fm", new { name = "Doomed FM", timeZone = "Europe/Paris", mounts = Array.Empty<object>() })).EnsureSuccessStatusCode();
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}#servers");
        var card = page.Locator("#server-list .card").First;
        await Expect(card).ToBeVisibleAsync(new() { Timeout = 10_000 });

        await card.GetByRole(AriaRole.Button, new() { Name = "Hook configuration" }).ClickAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Copy" }).ClickAsync();
        await Expect(card.Locator(".hook [role=status]")).ToHaveTextAsync(new Regex("Copied\\.|Selected: press Ctrl\\+C"));

        // The id pattern compiles under Chromium's v flag: a bad id is refused by the form itself.
        await page.FillAsync("#st-id", "Not An Id");
        Assert.True(await page.EvaluateAsync<bool>("() => document.getElementById('st-id').validity.patternMismatch"));
        await page.FillAsync("#st-id", "fine-id.2");
        Assert.False(await page.EvaluateAsync<bool>("() => document.getElementById('st-id').validity.patternMismatch"));

        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.ClickAsync("button:text-is('Delete Doomed FM')");
        await Expect(page.Locator("#station-saved")).ToHaveTextAsync("Deleted.");
        await Expect(page.Locator("#station-list")).Not.ToContainTextAsync("Doomed FM");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/api/asteroid/admin/stations/doomed-fm")).StatusCode);
        Assert.Empty(fixture.ErrorsOf(page));
    }

    [Fact]
    public async Task A_new_api_key_has_a_copy_button_and_about_shows_the_version_geoip_and_an_offline_api_reference()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}#keys");
        await page.FillAsync("#key-name", "copy-me");
        await page.ClickAsync("#key-form button[type=submit]");
        await Expect(page.Locator("#new-key code.secret")).Not.ToBeEmptyAsync(new() { Timeout = 10_000 });
        await page.ClickAsync("#new-key button:text-is('Copy the key')");
        await Expect(page.Locator("#new-key [role=status]")).ToHaveTextAsync(new Regex("Copied\\.|Selected: press Ctrl\\+C"));

        await page.GotoAsync($"{fixture.BaseUrl}#about");
        await Expect(page.Locator("#page-about")).ToBeVisibleAsync();
        await Expect(page.Locator("#page-live")).ToBeHiddenAsync(); // #about is About, not Live
        await Expect(page.Locator("#about dt", new() { HasText = "Version" })).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Expect(page.Locator("#about dt", new() { HasText = "GeoIP" })).ToBeVisibleAsync();
        await Expect(page.Locator("#page-about a[href='/scalar/v1']")).ToBeVisibleAsync();

        var elsewhere = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Request += (_, request) =>
        {
            var host = new Uri(request.Url).Host;
            if (request.Url.StartsWith("http", StringComparison.Ordinal) && host != "127.0.0.1" && host != "localhost")
            {
                elsewhere.Enqueue(request.Url);
            }
        };
        await page.ClickAsync("#page-about a[href='/scalar/v1']");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.EndsWith("/scalar/v1", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        Assert.Empty(elsewhere); // no fonts or scripts from the internet
    }

    [Fact]
    public async Task On_a_phone_every_column_stays_and_a_long_station_name_never_scrolls_the_page_sideways()
    {
        using var client = fixture.App.CreateApiClient();
        var longName = "The-Very-Long-Station-Name-Without-Any-Spaces-That-Goes-On-And-On-Radio";
        (await client.PutAsJsonAsync("/api/asteroid/admin/stations/long-name", new { name = longName, timeZone = "UTC", mounts = Array.Empty<object>() })).EnsureSuccessStatusCode();
        try
        {
            var page = await fixture.SignedInPageAsync(phone: true);
            await Expect(page.Locator("#stations .card", new() { HasText = longName })).ToBeVisibleAsync(new() { Timeout = 15_000 });
            await Expect(page.Locator("tr[data-mount='main/live.mp3']")).ToBeVisibleAsync(new() { Timeout = 15_000 });
            var hidden = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll("#page-live th, #page-live td")].filter((c) => getComputedStyle(c).display === "none").map((c) => c.textContent)
                """);
            Assert.Empty(hidden); // Device, Listen time, Last poll and the rest all stay (the table scrolls inside itself)
            var cut = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll("#mounts td, #listeners td")].filter((c) => c.textContent.trim() && !/\s/.test(c.textContent.trim()))
                  .filter((c) => { const r = document.createRange(); r.selectNodeContents(c); return r.getClientRects().length > 1; }).map((c) => c.textContent)
                """);
            Assert.True(cut.Length == 0, $"words cut across lines: {string.Join(", ", cut)}"); // "/second.mp3", not "/second.m" + "p3"
            var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
            Assert.True(widths[0] <= widths[1], $"Live at 390 px scrolls sideways: {widths[0]} > {widths[1]}");
            var height = (await page.Locator("#page-live canvas.spark").First.BoundingBoxAsync())!.Height;
            Assert.True(height >= 20, $"a sparkline is {height} px tall");
            Assert.Empty(fixture.ErrorsOf(page));
        }
        finally
        {
            (await client.DeleteAsync("/api/asteroid/admin/stations/long-name")).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task A_page_shown_before_takes_the_view_chosen_since_and_a_link_pasted_in_the_same_tab_shows_its_view()
    {
        var page = await fixture.SignedInPageAsync();
        var today = DateTimeOffset.UtcNow.Date; // station "main" counts in UTC
        var yesterday = today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await page.GotoAsync($"{fixture.BaseUrl}#trends?scope=main&from={today.AddDays(-13):yyyy-MM-dd}&to={today:yyyy-MM-dd}");
        await Expect(page.Locator("#trends-totals")).ToHaveAttributeAsync("data-state", "ready", new() { Timeout = 10_000 });
        await page.ClickAsync("#nav a[href='#audience']");
        await Expect(page.Locator("#audience-kpis")).ToHaveAttributeAsync("data-state", "ready", new() { Timeout = 10_000 });
        var asked = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Request += (_, request) => asked.Enqueue(request.Url);

        await page.SelectOptionAsync("#audience-preset", "yesterday");
        await page.ClickAsync("#nav a[href='#trends']"); // Trends was shown before, with the 14 days

        await Expect(page.Locator("#trends-preset")).ToHaveValueAsync("yesterday");
        await Expect(page.Locator("#trends-from")).ToHaveValueAsync(yesterday);
        await Eventually.Get(() => Task.FromResult(asked.Any(u => u.Contains($"/stats/daily?station=main&from={yesterday}&to={yesterday}", StringComparison.Ordinal))),
            seen => seen, TimeSpan.FromSeconds(10), "Trends asks for the period chosen on Audience");
        await Expect(page).ToHaveURLAsync(new Regex($"#trends\\?scope=main&from={yesterday}&to={yesterday}$"));

        // A link to another view of this page, pasted in the same tab.
        var dayBefore = today.AddDays(-2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await page.EvaluateAsync("(h) => { location.hash = h; }", $"trends?scope=mount%3Amain%2Flive.mp3&from={dayBefore}&to={yesterday}");
        await Expect(page.Locator("#trends-station")).ToHaveValueAsync("mount:main/live.mp3");
        await Expect(page.Locator("#trends-from")).ToHaveValueAsync(dayBefore);
        await Eventually.Get(() => Task.FromResult(asked.Any(u => u.Contains($"/stats/daily?server=main&mount=%2Flive.mp3&from={dayBefore}&to={yesterday}", StringComparison.Ordinal))),
            seen => seen, TimeSpan.FromSeconds(10), "the pasted link's view is asked for");
        Assert.Empty(fixture.ErrorsOf(page));
    }
}
