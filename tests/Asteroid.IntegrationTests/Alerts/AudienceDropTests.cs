using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Asteroid.IntegrationTests.Infrastructure;

namespace Asteroid.IntegrationTests.Alerts;

/// <summary>audience-drop against a replayed history: an access log gives the server 20 listeners
/// through this hour on the same weekday of each of the last four weeks; the replayed Icecast has 8
/// now (5 on /live.mp3, 3 on /jazz.ogg). A rule at 50 % of the usual level fires; one at 20 % (8 ≥ 4) does not.</summary>
public sealed class AudienceDropTests : IAsyncLifetime
{
    private const string Server = "hist";
    private const int UsualListeners = 20;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    private readonly TestDatabase _database = TestDatabase.Create();
    private ReplayIcecast _icecast = null!;
    private AsteroidApp _app = null!;

    public async Task InitializeAsync()
    {
        _icecast = await ReplayIcecast.StartAsync();
        _app = new AsteroidApp(_database, new Dictionary<string, string?> { ["Alerts:EvaluateIntervalSeconds"] = "1" });
        await _app.PutServerAsync(Server, _icecast.BaseUrl, "recorded");
        await Eventually.Get(() => _app.CurrentMountAsync(Server, "/live.mp3"), m => (int?)m?["listeners"] == 5, Within, "5 listeners on /live.mp3 now");
        await Eventually.Get(() => _app.CurrentMountAsync(Server, "/jazz.ogg"), m => (int?)m?["listeners"] == 3, Within, "3 listeners on /jazz.ogg now");
    }

    [Fact]
    public async Task Listeners_far_below_the_usual_level_of_this_hour_of_the_week_fire_audience_drop()
    {
        var now = DateTimeOffset.UtcNow;
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var log = new StringBuilder();
        var days = new List<DateOnly>();
        for (var week = 1; week <= 4; week++)
        {
            var start = hour.AddDays(-7 * week).AddMinutes(-5); // from 5 minutes before this hour to 5 after the next (a pass at the turn of the hour sees 20 too)
            days.Add(DateOnly.FromDateTime(hour.AddDays(-7 * week).UtcDateTime));
            for (var i = 0; i < UsualListeners; i++)
            {
                var end = start.AddMinutes(130);
                log.Append(CultureInfo.InvariantCulture,
                    $"192.0.2.{i + 1} - - [{end:dd/MMM/yyyy:HH:mm:ss} +0000] \"GET /live.mp3 HTTP/1.1\" 200 100000 \"-\" \"VLC/3.0.18 LibVLC/3.0.18\" {130 * 60}\n");
            }
        }

        using (var client = _app.CreateApiClient())
        {
            using var import = await client.PostAsync($"/api/asteroid/admin/import/access-log?server={Server}&timeZone=%2B0000", new ByteArrayContent(Encoding.ASCII.GetBytes(log.ToString())));
            import.EnsureSuccessStatusCode();
        }

        var dayList = string.Join(",", days.Select(d => $"'{d:yyyy-MM-dd}'"));
        await Eventually.Get(() => _database.ScalarAsync<long>($"SELECT count(*) FROM daily_stats WHERE scope = 'server:{Server}' AND day IN ({dayList})"),
            n => n == 4, Within, "the four history days stored");

        foreach (var (id, percent) in new[] { ("drop-50", 50), ("drop-20", 20) })
        {
            using var client = _app.CreateApiClient();
            using var put = await client.PutAsJsonAsync($"/api/asteroid/admin/alerts/{id}", new
            {
                kind = "audience-drop",
                scope = new { server = Server },
                percent,
                minimumBaseline = 5,
                forSeconds = 1,
                deliveries = new[] { new { webhook = "http://127.0.0.1:9/unused" } },
            });
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        var fired = await Eventually.Get(() => _app.GetJsonAsync("/api/asteroid/admin/alerts/drop-50/history"), h => h.AsArray().Count > 0, Within,
            "audience-drop at 50 % fired");
        var alert = fired[0]!;
        Assert.Equal("firing", (string?)alert["state"]);
        Assert.Equal(8, (double?)alert["value"]);
        Assert.Contains("of the usual 20", (string?)alert["summary"], StringComparison.Ordinal);
        // Both rules are evaluated in the same pass on the same numbers: by now the 20 % one had its chance.
        Assert.Empty((await _app.GetJsonAsync("/api/asteroid/admin/alerts/drop-20/history")).AsArray());
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _icecast.DisposeAsync();
        await _database.DisposeAsync();
    }
}
