using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Asteroid.Analytics;
using Asteroid.IntegrationTests.Infrastructure;
using Asteroid.Tests.Analytics;

namespace Asteroid.IntegrationTests.Analytics;

/// <summary>The bug issue 11 opens with: seven days imported into server <c>demo</c> (no stations
/// yet), then its mounts grouped into stations. The past days of the new station must show the
/// imported sessions (the rebuild after the regrouping), the implicit station <c>demo</c> must lose
/// them, and both must equal the plain recomputation from the same sessions; a rebuild interrupted
/// by a restart resumes and counts nothing twice.</summary>
public sealed class RegroupTests(RegroupTests.Fixture fixture) : IClassFixture<RegroupTests.Fixture>
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task After_grouping_imported_mounts_the_stations_history_equals_the_recomputation()
    {
        await AssertHistoryAsync();
    }

    [Fact]
    public async Task An_interrupted_rebuild_resumes_after_a_restart_and_counts_nothing_twice()
    {
        // As if the silo had stopped while rebuilding day 5 of 9: the job row says so, and days 5 to 9 of
        // the station are stale (here: gone). Days 1-4 are already rebuilt; a double count would show.
        await fixture.Database.ScalarAsync<int>("""
            DELETE FROM daily_stats WHERE scope = 'station:jazz' AND day >= '2026-11-22';
            DELETE FROM geo_stats WHERE scope = 'station:jazz' AND day >= '2026-11-22';
            INSERT INTO scope_rebuilds (scope, first_day, last_day, next_day, first_seen_done)
            VALUES ('station:jazz', '2026-11-18', '2026-11-26', '2026-11-22', true);
            SELECT 1
            """);
        await fixture.RestartAsync();

        var station = await Eventually.Get(() => fixture.App.GetJsonAsync("/api/asteroid/admin/stations/jazz"), s => s["rebuilding"] is null,
            TimeSpan.FromSeconds(60), "the resumed rebuild finishes");
        Assert.Equal("Europe/Berlin", (string?)station["timeZone"]);
        Assert.Equal(0, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM scope_rebuilds"));
        await AssertHistoryAsync();
    }

    private async Task AssertHistoryAsync()
    {
        var jazz = await fixture.App.GetJsonAsync("/api/asteroid/stats/daily?station=jazz&from=2026-11-19&to=2026-11-26");
        var rest = await fixture.App.GetJsonAsync("/api/asteroid/stats/daily?station=demo&from=2026-11-19&to=2026-11-26");

        Assert.Null(jazz["rebuilding"]);
        Assert.True((long)jazz["total"]!["sessions"]! > 50, "the imported sessions are in the new station's past days");
        foreach (var (report, facts, zone) in new[] { (jazz, fixture.Jazz, Berlin), (rest, fixture.Rock, TimeZoneInfo.Utc) })
        {
            foreach (var day in report["days"]!.AsArray())
            {
                var window = DayWindow.For(DateOnly.Parse((string)day!["date"]!, CultureInfo.InvariantCulture), zone);
                AssertMetrics(ReferenceMetrics.Compute(facts, window.Start, window.End, zone), day);
            }
        }
    }

    private static void AssertMetrics(Metrics expected, JsonNode actual)
    {
        foreach (var (name, value) in JsonSerializer.SerializeToNode(expected, Json)!.AsObject())
        {
            Assert.True(JsonNode.DeepEquals(value, actual[name]) || (value is JsonValue v && actual[name] is JsonValue a && v.ToJsonString() == a.ToJsonString()),
                $"{name}: expected {value?.ToJsonString()}, got {actual[name]?.ToJsonString()} in {actual.ToJsonString()}");
        }
    }

    public sealed class Fixture : IAsyncLifetime
    {
        private static readonly Dictionary<string, string?> Settings = new() { ["Retention:RawDays"] = "36600" };

        public TestDatabase Database { get; } = TestDatabase.Create();

        public AsteroidApp App { get; private set; } = null!;

        /// <summary>The sessions of demo /jazz.ogg and of demo /rock.mp3 as the reference sees them.</summary>
        public List<SessionFact> Jazz { get; } = [];

        public List<SessionFact> Rock { get; } = [];

        public async Task InitializeAsync()
        {
            App = new AsteroidApp(Database, Settings);
            using var client = App.CreateApiClient();
            (await client.PutAsJsonAsync("/api/asteroid/admin/servers/demo", new { baseUrl = "http://127.0.0.1:9", adminPassword = "unused", enabled = false }))
                .EnsureSuccessStatusCode();
            var log = Generate(new Random(11));
            (await client.PostAsync("/api/asteroid/admin/import/access-log?server=demo", new StringContent(log, Encoding.ASCII))).EnsureSuccessStatusCode();
            var total = Jazz.Concat(Rock).Count(f => f.Qualifies);
            await Eventually.Get(() => App.GetJsonAsync("/api/asteroid/stats/daily?server=demo&from=2026-11-19&to=2026-11-27"),
                r => (long?)r["total"]!["sessions"] == total, TimeSpan.FromSeconds(30), "the import is aggregated");

            (await client.PutAsJsonAsync("/api/asteroid/admin/stations/jazz", new
            {
                name = "Jazz FM", timeZone = "Europe/Berlin", mounts = new[] { new { server = "demo", mount = "/jazz.ogg" } },
            })).EnsureSuccessStatusCode();
            await Eventually.Get(() => App.GetJsonAsync("/api/asteroid/admin/stations/jazz"), s => s["rebuilding"] is null, TimeSpan.FromSeconds(90),
                "the station's history is rebuilt");
            await Eventually.Get(() => App.GetJsonAsync("/api/asteroid/stats/daily?station=demo&from=2026-11-19&to=2026-11-26"), s => s["rebuilding"] is null,
                TimeSpan.FromSeconds(90), "the implicit station's history is rebuilt");
        }

        public async Task RestartAsync()
        {
            await App.DisposeAsync();
            App = new AsteroidApp(Database, Settings);
        }

        /// <summary>Seven days (2026-11-20 to -26 UTC) of sessions on two mounts, some listeners on both.</summary>
        private string Generate(Random random)
        {
            (string Ip, string? Country)[] ips = [.. Import.AccessLogImportTests.PublicListeners];
            string[] agents = ["VLC/3.0.18 LibVLC/3.0.18", "Winamp/5.9", "Googlebot/2.1 (+http://www.google.com/bot.html)"];
            var start = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
            var end = start + 7 * 86400;
            var log = new StringBuilder();
            for (var i = 0; i < 300; i++)
            {
                var (ip, country) = ips[random.Next(ips.Length)];
                var agent = agents[random.Next(10) == 0 ? 2 : random.Next(2)];
                var jazz = random.Next(2) == 0;
                var duration = random.Next(4) switch { 0 => random.Next(1, 120), 1 => random.Next(120, 1800), 2 => random.Next(1800, 4 * 3600), _ => random.Next(3600, 20 * 3600) };
                var s = start + random.NextInt64(end - start);
                var ended = DateTimeOffset.FromUnixTimeSeconds(s + duration);
                log.Append(CultureInfo.InvariantCulture,
                    $"{ip} - - [{ended:dd/MMM/yyyy:HH:mm:ss} +0000] \"GET {(jazz ? "/jazz.ogg" : "/rock.mp3")} HTTP/1.1\" 200 {duration * 8000} \"-\" \"{agent}\" {duration}\n");
                (jazz ? Jazz : Rock).Add(new SessionFact(Guid.NewGuid(), (ulong)(ip + "\n" + agent).GetHashCode(StringComparison.Ordinal), s, s + duration,
                    agent.StartsWith("Googlebot", StringComparison.Ordinal), "demo", jazz ? "/jazz.ogg" : "/rock.mp3", country, null, null, agent[..3], "Other", "desktop"));
            }

            return log.ToString();
        }

        public async Task DisposeAsync()
        {
            await App.DisposeAsync();
            await Database.DisposeAsync();
        }
    }
}
