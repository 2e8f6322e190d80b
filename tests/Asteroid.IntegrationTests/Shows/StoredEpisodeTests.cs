using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Asteroid.IntegrationTests.Infrastructure;

namespace Asteroid.IntegrationTests.Shows;

/// <summary>The stored audience of ended episodes (<c>show_episode_audience</c>) answers exactly as
/// the raw sessions do: two nodes on two databases get the same station, schedule and imported
/// sessions; one stores episodes (its job runs every second), the other computes every report from
/// the raw sessions (<c>Shows:StoreEpisodes=false</c>). Their /stats/shows answers must be equal,
/// also after a late import into the days of stored episodes (which moves a listener's first start
/// to an earlier episode), a schedule change and a regrouping of the station's mounts; rows altered
/// on purpose show that the stored rows are what the report reads.</summary>
public sealed class StoredEpisodeTests : IAsyncLifetime
{
    private const string Vlc = "VLC/3.0.18 LibVLC/3.0.18";
    private static readonly string[] Week = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    // D: three days ago (UTC station); shows 06-10 and 10-15 every day.
    private static readonly DateOnly D = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-3);

    private readonly TestDatabase _storedDb = TestDatabase.Create();
    private readonly TestDatabase _rawDb = TestDatabase.Create();
    private AsteroidApp _stored = null!;
    private AsteroidApp _raw = null!;
    private int _sessions;
    private int _radioSessions;

    private static string Range => $"station=nyc&from={D.AddDays(-8):yyyy-MM-dd}&to={D.AddDays(1):yyyy-MM-dd}";

    private static string Line(string ip, DateOnly day, int endHour, int endMinute, int seconds, string mount = "/radio.mp3") =>
        $"{ip} - - [{day.ToDateTime(new TimeOnly(endHour, endMinute)).ToString("dd/MMM/yyyy:HH:mm:ss", CultureInfo.InvariantCulture)} +0000] \"GET {mount} HTTP/1.1\" 200 100000 \"-\" \"{Vlc}\" {seconds}";

    [Fact]
    public async Task Stored_episodes_answer_as_the_raw_sessions_through_late_data_schedule_changes_and_regrouping()
    {
        await ImportAsync(
            Line("216.160.83.56", D, 11, 0, 7200), // L1 09:00-11:00, in both shows: new in the morning
            Line("81.2.69.142", D, 8, 0, 5400), // L2 06:30-08:00
            Line("81.2.69.142", D.AddDays(-7), 8, 0, 3600), // L2 the week before
            Line("89.160.20.112", D, 7, 0, 5400), // L3 05:30-07:00, before the morning starts
            Line("175.16.199.1", D.AddDays(1), 12, 0, 7200), // L4 the next day 10:00-12:00
            Line("2.125.160.216", D, 9, 0, 7200, "/extra.mp3")); // L5 on a mount outside the station (until the regrouping)
        await Eventually.Get(() => _storedDb.ScalarAsync<long>("SELECT count(*) FROM show_episode_audience"), n => n > 0, TimeSpan.FromSeconds(60),
            "the job stores the audience of the ended episodes");
        await AssertSameAsync();

        // The stored rows are what the report reads: altered, the answer differs from the raw one.
        await _storedDb.ScalarAsync<long>("WITH u AS (UPDATE show_episode_audience SET part = jsonb_set(part, '{sessions}', '999') WHERE episode_end >= @d RETURNING 1) SELECT count(*) FROM u",
            ("d", D.AddDays(-4).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)));
        Assert.NotEqual(await ShowsAsync(_raw, ""), await ShowsAsync(_stored, ""));

        // Late data: L1 heard five days before D (so no longer new on D), a new listener on D. Both move the versions of the altered episodes.
        await ImportAsync(Line("216.160.83.56", D.AddDays(-5), 8, 30, 1800), Line("67.43.156.1", D, 9, 30, 5400));
        await AssertSameAsync();

        // The schedule changes: the morning becomes 06:00-09:00.
        await PutShowAsync("morning", "06:00", "09:00");
        await AssertSameAsync();

        // Regrouping: /extra.mp3 joins the station, whose history is rebuilt.
        foreach (var app in new[] { _stored, _raw })
        {
            using var client = app.CreateApiClient();
            (await client.PutAsJsonAsync("/api/asteroid/admin/stations/nyc", new
            {
                name = "NYC", timeZone = "UTC", mounts = new[] { new { server = "imported", mount = "/radio.mp3" }, new { server = "imported", mount = "/extra.mp3" } },
            })).EnsureSuccessStatusCode();
            await Eventually.Get(() => app.GetJsonAsync("/api/asteroid/admin/stations/nyc"), s => s["rebuilding"] is null, TimeSpan.FromSeconds(60), "the rebuild finishes");
        }

        var regrouped = await ShowsAsync(_raw, "");
        Assert.Contains("\"uniqueListeners\":5", regrouped, StringComparison.Ordinal); // L5 now counts in the station's total
        await AssertSameAsync();
    }

    private async Task AssertSameAsync()
    {
        foreach (var extra in new[] { "", "&traffic=gross", "&compare=previous", "&daypart=weekend" })
        {
            Assert.Equal(await ShowsAsync(_raw, extra), await ShowsAsync(_stored, extra));
        }

        // and a second time, now from the rows the first request stored
        Assert.Equal(await ShowsAsync(_raw, "&compare=previous"), await ShowsAsync(_stored, "&compare=previous"));
    }

    private static async Task<string> ShowsAsync(AsteroidApp app, string extra) =>
        (await app.GetJsonAsync($"/api/asteroid/stats/shows?{Range}{extra}")).ToJsonString();

    /// <summary>Imports the lines into both nodes and waits until both have aggregated every session.</summary>
    private async Task ImportAsync(params string[] lines)
    {
        _sessions += lines.Length;
        foreach (var app in new[] { _stored, _raw })
        {
            using var client = app.CreateApiClient();
            using var response = await client.PostAsync("/api/asteroid/admin/import/access-log?server=imported",
                new ByteArrayContent(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n")));
            response.EnsureSuccessStatusCode();
            await Eventually.Get(() => app.Database.ScalarAsync<long>("SELECT coalesce(sum(sessions), 0) FROM daily_stats WHERE scope LIKE 'mount:%'"),
                n => n == _sessions, TimeSpan.FromSeconds(60), "every imported session is in the mounts' day rows");
            await Eventually.Get(() => app.Database.ScalarAsync<long>("SELECT coalesce(sum(sessions), 0) FROM daily_stats WHERE scope = 'station:nyc'"),
                n => n == lines.Count(l => l.Contains("/radio.mp3", StringComparison.Ordinal)) + _radioSessions, TimeSpan.FromSeconds(60), "the station's day rows hold its sessions");
        }

        _radioSessions += lines.Count(l => l.Contains("/radio.mp3", StringComparison.Ordinal));
    }


    private async Task PutShowAsync(string id, string start, string end)
    {
        foreach (var app in new[] { _stored, _raw })
        {
            using var client = app.CreateApiClient();
            (await client.PutAsJsonAsync($"/api/asteroid/admin/stations/nyc/shows/{id}",
                new { name = id, slots = new[] { new { days = Week, start, end } } })).EnsureSuccessStatusCode();
        }
    }

    public async Task InitializeAsync()
    {
        _stored = new AsteroidApp(_storedDb, new Dictionary<string, string?> { ["Retention:RawDays"] = "3660", ["Shows:FillIntervalSeconds"] = "1" });
        _raw = new AsteroidApp(_rawDb, new Dictionary<string, string?> { ["Retention:RawDays"] = "3660", ["Shows:StoreEpisodes"] = "false" });
        foreach (var app in new[] { _stored, _raw })
        {
            using var client = app.CreateApiClient();
            (await client.PutAsJsonAsync("/api/asteroid/admin/servers/imported",
                new { baseUrl = "http://127.0.0.1:9", adminPassword = "unused", enabled = false })).EnsureSuccessStatusCode();
            (await client.PutAsJsonAsync("/api/asteroid/admin/stations/nyc",
                new { name = "NYC", timeZone = "UTC", mounts = new[] { new { server = "imported", mount = "/radio.mp3" } } })).EnsureSuccessStatusCode();
        }

        await PutShowAsync("morning", "06:00", "10:00");
        await PutShowAsync("midday", "10:00", "15:00");
    }

    public async Task DisposeAsync()
    {
        await _stored.DisposeAsync();
        await _raw.DisposeAsync();
        await _storedDb.DisposeAsync();
        await _rawDb.DisposeAsync();
    }
}
