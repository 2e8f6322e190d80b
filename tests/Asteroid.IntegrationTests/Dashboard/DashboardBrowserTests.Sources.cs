using static Microsoft.Playwright.Assertions;

namespace Asteroid.IntegrationTests.Dashboard;

public sealed partial class DashboardBrowserTests
{
    /// <summary>The Audience page's "Where listeners come from": the summary's referrer and player-kind
    /// rows (yesterday's imported Icecast lines carry no Referer, and VLC and Winamp are media players).</summary>
    [Fact]
    public async Task The_audience_page_shows_where_listeners_come_from()
    {
        var page = await fixture.SignedInPageAsync();
        var day = DateTimeOffset.UtcNow.Date.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await page.GotoAsync($"{fixture.BaseUrl}#audience?scope=main&from={day}&to={day}");

        var kind = page.Locator("#player-kinds tr").First;
        await Expect(kind.Locator("td").First).ToHaveTextAsync("Media player", new() { Timeout = 10_000 });
        await Expect(kind.Locator("td").Nth(2)).ToHaveTextAsync("40"); // the 40 imported sessions
        await Expect(page.Locator("#referrers tr td").First).ToHaveTextAsync("No referrer (direct, app, player)");
        await Expect(page.Locator("#sources-note")).ToBeEmptyAsync();
        Assert.Empty(fixture.ErrorsOf(page));
    }
}
