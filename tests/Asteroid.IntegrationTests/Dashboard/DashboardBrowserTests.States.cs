using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Asteroid.IntegrationTests.Dashboard;

/// <summary>The loading, empty and error states every panel has (js/panel.js), by behaviour: requests
/// routed to fail, held until the test has seen the loading state, or asked for a range with nothing in it.</summary>
public sealed partial class DashboardBrowserTests
{
    private const string Refusal = """{"type":"about:blank","title":"Refused by the test","status":400,"detail":"This request was routed to fail"}""";

    /// <summary>Panels that make no request of their own until the user picks something.</summary>
    private static readonly HashSet<string> WaitingForAChoice = ["alert-deliveries", "listeners"];

    /// <summary>Chromium logs each refused request as a console error; only those are expected here.</summary>
    private static List<string> UnexpectedErrors(IEnumerable<string> errors) =>
        errors.Where(e => !e.StartsWith("Failed to load resource: ", StringComparison.Ordinal)).ToList();

    /// <summary>The id and state of every panel on the page shown, and its words.</summary>
    private static Task<string[][]> PanelStatesAsync(IPage page, string name) => page.EvaluateAsync<string[][]>($$"""
        () => [...document.querySelectorAll("#page-{{name}} [data-state]")].filter((p) => !p.closest("[hidden]"))
          .map((p) => { const note = p.querySelector(".panel-state");
            return [p.id || p.tagName, p.dataset.state, note?.textContent ?? "", note?.checkVisibility({ visibilityProperty: true }) ? "visible" : "not visible"]; })
        """);

    [Fact]
    public async Task Every_panel_of_every_page_names_the_problem_when_its_request_is_refused()
    {
        var page = await fixture.SignedInPageAsync();
        var failing = "";
        // Every data request of the page fails with a ProblemDetails; the picker's station list (not a panel) answers.
        await page.RouteAsync(new Regex("/api/asteroid/(stats|admin|reports|about)"), async route =>
        {
            var path = new Uri(route.Request.Url).AbsolutePath;
            var picker = path is "/api/asteroid/admin/stations" or "/api/asteroid/admin/servers" or "/api/asteroid/admin/groups" && failing != "servers";
            if (picker || failing == "")
            {
                await route.ContinueAsync();
                return;
            }

            await route.FulfillAsync(new() { Status = 400, ContentType = "application/problem+json", Body = Refusal });
        });

        var errors = 0;
        foreach (var (name, _) in Pages)
        {
            failing = "";
            await page.GotoAsync($"{fixture.BaseUrl}#{(name == "about" ? "keys" : "about")}"); // a fresh page each time: every page loads from the start
            await page.ReloadAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await Expect(page.Locator("#nav")).ToBeVisibleAsync();
            failing = name;
            await page.GotoAsync($"{fixture.BaseUrl}#{name}");
            var panels = page.Locator($"#page-{name} [data-state='error']");
            await Expect(panels.First).ToBeAttachedAsync(new() { Timeout = 10_000 });
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await Expect(page.Locator($"#page-{name} [data-state='loading']")).ToHaveCountAsync(0);

            var states = await PanelStatesAsync(page, name);
            Assert.NotEmpty(states);
            foreach (var state in states.Where(s => !WaitingForAChoice.Contains(s[0])))
            {
                Assert.True(state[1] == "error", $"#{name}: panel {state[0]} is {state[1]} ({state[2]}), not showing the error");
                Assert.Equal("Not shown: Refused by the test: This request was routed to fail.", state[2]);
                Assert.True(state[3] == "visible", $"#{name}: the words of panel {state[0]} are not visible");
                errors++;
            }
        }

        Assert.True(errors >= 39, $"{errors} panels showed the error"); // Live 2, Trends 7, Audience 7, Geography 3, Tracks 4, Shows 4, Royalties 4, Alerts 2, Servers 2, Export, keys, users, About 1 each

        await page.ScreenshotAsync(new() { Path = fixture.Screenshot("states-error-about"), FullPage = true });
        Assert.Empty(UnexpectedErrors(fixture.ErrorsOf(page)));
    }

    [Fact]
    public async Task A_scope_picker_whose_list_is_refused_says_why_in_place_of_the_form()
    {
        var page = await fixture.SignedInPageAsync();
        await page.RouteAsync(new Regex("/api/asteroid/admin/stations$"), route => route.FulfillAsync(new() { Status = 400, ContentType = "application/problem+json", Body = Refusal }));

        foreach (var (name, form) in new[] { ("trends", "form[data-range='trends']"), ("royalties", "#royalties-form") })
        {
            await page.GotoAsync($"{fixture.BaseUrl}#{name}");
            await Expect(page.Locator($"{form} [role=alert]")).ToHaveTextAsync(
                "The scopes to choose from could not be listed. Not shown: Refused by the test: This request was routed to fail.", new() { Timeout = 10_000 });
        }

        Assert.Empty(UnexpectedErrors(fixture.ErrorsOf(page)));
    }

    [Fact]
    public async Task A_failing_or_unreachable_service_is_said_apart_from_a_refused_request()
    {
        var page = await fixture.SignedInPageAsync();
        var day = DateTimeOffset.UtcNow.Date.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await page.RouteAsync(new Regex("/stats/daily\\?"), route => route.FulfillAsync(new() { Status = 503, ContentType = "text/plain", Body = "down" }));
        await page.RouteAsync(new Regex("/stats/hourly\\?"), route => route.AbortAsync("connectionrefused"));

        await page.GotoAsync($"{fixture.BaseUrl}#trends?scope=main&from={day}&to={day}");

        var kpis = page.Locator("#trends-totals[data-state='error'] > .panel-state");
        await Expect(kpis).ToContainTextAsync("The service failed to answer (HTTP 503)", new() { Timeout = 10_000 });
        await Expect(page.Locator("#chart-sessions")).ToBeHiddenAsync(); // no chart under an error
        await Expect(page.Locator("#chart-hourly").Locator("xpath=..").Locator(".panel-state")).ToContainTextAsync("Could not reach the service");
        await Expect(page.Locator("#chart-hourly").Locator("xpath=..").Locator(".panel-state")).ToContainTextAsync("Check it is running");
        Assert.Empty(UnexpectedErrors(fixture.ErrorsOf(page)));
    }

    [Fact]
    public async Task A_reversed_range_in_a_link_says_what_is_wrong_not_to_check_the_server()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}#trends?scope=main&from=2026-11-20&to=2026-11-10");

        await Expect(page.Locator("form[data-range='trends'] .range-error")).ToHaveTextAsync("The end date is before the start date.", new() { Timeout = 10_000 });
        var error = page.Locator("#trends-totals[data-state='error'] > .panel-state");
        await Expect(error).ToHaveTextAsync("Not shown: to must not be before from.");
        await Expect(error).ToBeVisibleAsync();
        await Expect(page.Locator("#chart-uniques").Locator("xpath=..").Locator(".panel-state")).ToHaveTextAsync("Not shown: to must not be before from.");
        await Expect(page.Locator("#page-trends")).Not.ToContainTextAsync("running");
        Assert.Empty(UnexpectedErrors(fixture.ErrorsOf(page)));
    }

    [Fact]
    public async Task A_range_with_nothing_in_it_says_so_in_words_on_every_panel_instead_of_drawing_empty_axes()
    {
        var page = await fixture.SignedInPageAsync();
        const string Range = "scope=main&from=2020-03-01&to=2020-03-07"; // long before any session of the fixture
        var expected = new (string Page, string Panels, string Words)[]
        {
            ("trends", "#page-trends figure", "No listening in this range"),
            ("audience", "#page-audience figure, #heatmap-panel", "No listening in this range"),
            ("geography", "#countries, #map-panel", "No listeners in this range"),
            ("tracks", "#tracks, #plays", "No plays in this range"),
        };

        foreach (var (name, panels, words) in expected)
        {
            await page.GotoAsync($"{fixture.BaseUrl}#{name}?{Range}");
            var all = page.Locator(panels);
            await Expect(all.First).ToHaveAttributeAsync("data-state", "empty", new() { Timeout = 10_000 });
            foreach (var panel in await all.AllAsync())
            {
                await Expect(panel).ToHaveAttributeAsync("data-state", "empty");
                await Expect(panel.Locator(".panel-state")).ToContainTextAsync(words);
                await Expect(panel.Locator(".panel-state")).ToBeVisibleAsync();
            }

            if (name == "trends")
            {
                await Expect(page.Locator("#page-trends canvas:visible")).ToHaveCountAsync(0); // no axes from −1 to 1
                await Expect(page.Locator("#trends-totals dd").First).ToHaveTextAsync("0"); // the KPIs still say 0, with the words above them
                await page.ScreenshotAsync(new() { Path = fixture.Screenshot("states-empty-trends"), FullPage = true });
            }
        }

        Assert.Empty(fixture.ErrorsOf(page));
    }

    [Fact]
    public async Task While_a_request_runs_its_panels_say_loading_and_hide_the_old_figures()
    {
        var page = await fixture.SignedInPageAsync();
        var day = DateTimeOffset.UtcNow.Date.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await page.GotoAsync($"{fixture.BaseUrl}#trends?scope=main&from={day}&to={day}");
        await Expect(page.Locator("#trends-totals")).ToHaveAttributeAsync("data-state", "ready", new() { Timeout = 10_000 });
        await Expect(page.Locator("#chart-sessions")).ToBeVisibleAsync();

        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync(new Regex("/stats/daily\\?"), async route =>
        {
            asked.TrySetResult();
            await held.Task; // answered only once the test has seen the loading state
            await route.ContinueAsync();
        });
        await page.SelectOptionAsync("#trends-preset", "7d");
        await asked.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await Expect(page.Locator("#trends-totals")).ToHaveAttributeAsync("data-state", "loading");
        await Expect(page.Locator("#trends-totals")).ToHaveAttributeAsync("aria-busy", "true");
        await Expect(page.Locator("#trends-totals > .panel-state")).ToHaveTextAsync("Loading…");
        await Expect(page.Locator("#trends-totals > .panel-state")).ToBeVisibleAsync();
        await Expect(page.Locator("#trends-totals div.kpi").First).ToBeHiddenAsync(); // yesterday's figures are not left under the new dates
        await Expect(page.Locator("#chart-sessions")).ToBeHiddenAsync();
        await Expect(page.Locator("#chart-sessions").Locator("xpath=..").Locator(".panel-state")).ToHaveTextAsync("Loading…");
        await page.ScreenshotAsync(new() { Path = fixture.Screenshot("states-loading-trends"), FullPage = true });

        held.SetResult();
        await Expect(page.Locator("#trends-totals")).ToHaveAttributeAsync("data-state", "ready");
        await Expect(page.Locator("#trends-totals > .panel-state")).ToHaveCountAsync(0);
        await Expect(page.Locator("#chart-sessions")).ToBeVisibleAsync();
        Assert.Empty(fixture.ErrorsOf(page));
    }

    [Fact]
    public async Task A_slow_table_says_loading_and_an_answer_overtaken_by_a_newer_request_is_dropped()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}#geography");
        await Expect(page.Locator("#countries")).ToHaveAttributeAsync("data-state", "ready", new() { Timeout = 15_000 });

        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var asked = 0;
        await page.RouteAsync(new Regex("/stats/geo\\?"), async route =>
        {
            if (Interlocked.Increment(ref asked) == 1)
            {
                await first.Task; // the older request answers last
            }

            await route.ContinueAsync();
        });
        await page.FillAsync("#geography-from", "2020-03-01");
        await page.FillAsync("#geography-to", "2020-03-02");
        await page.ClickAsync("form[data-range='geography'] button[type=submit]");
        await Expect(page.Locator("#countries td.panel-state")).ToHaveTextAsync("Loading…");
        await Expect(page.Locator("#countries td.panel-state")).ToBeVisibleAsync();

        await page.SelectOptionAsync("#geography-preset", "7d"); // a newer request, answered at once
        await Expect(page.Locator("#countries tr", new() { HasText = "United Kingdom" })).ToBeVisibleAsync(new() { Timeout = 10_000 });
        first.SetResult();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Expect(page.Locator("#countries tr", new() { HasText = "United Kingdom" })).ToBeVisibleAsync(); // not replaced by the old range's "no listeners"
        await Expect(page.Locator("#countries")).ToHaveAttributeAsync("data-state", "ready");
        Assert.Empty(fixture.ErrorsOf(page));
    }
}
