using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Asteroid.IntegrationTests.Infrastructure;
using Asteroid.Tests.Support;

namespace Asteroid.IntegrationTests.Hooks;

/// <summary>Hooks that arrive while Icecast's stats do not answer (so the server's start time, the
/// sessions' key, is unknown) wait and become sessions once the stats answer: nothing is lost.</summary>
public sealed class HooksBeforeServerStartTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Create();
    private ReplayIcecast _icecast = null!;
    private AsteroidApp _app = null!;

    public async Task InitializeAsync()
    {
        _icecast = await ReplayIcecast.StartAsync();
        _icecast.Answers = false;
        _app = new AsteroidApp(_database);
        await _app.PutServerAsync("early", _icecast.BaseUrl, "recorded", pollIntervalSeconds: 1);
    }

    [Fact]
    public async Task Every_listener_remove_posted_before_the_server_start_is_known_becomes_its_session_when_it_is()
    {
        var token = (string)(await _app.GetJsonAsync("/api/asteroid/admin/servers/early/hook"))["token"]!;
        var durations = new List<int>();
        using var client = _app.CreateClient();
        foreach (var file in SharedData.Samples("4*-hook-posts-*.jsonl"))
        {
            foreach (var line in File.ReadLines(file))
            {
                var recorded = JsonNode.Parse(line)!;
                if ((string?)recorded["fields"]!["action"] == "listener_remove")
                {
                    durations.Add(int.Parse((string)recorded["fields"]!["duration"]!, System.Globalization.CultureInfo.InvariantCulture));
                }

                var content = new ByteArrayContent(Encoding.ASCII.GetBytes((string)recorded["body"]!));
                content.Headers.TryAddWithoutValidation("Content-Type", (string)recorded["headers"]!["Content-Type"]!);
                using var response = await client.PostAsync($"/api/asteroid/icecast/hooks/early?token={token}", content);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }

        Assert.Equal(8, durations.Count);
        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM listener_sessions")); // nothing can be keyed yet

        _icecast.Answers = true; // the next discovery reads the server's start, and the held hooks apply
        var rows = await Eventually.Get(() => _database.ScalarAsync<long>("SELECT count(*) FROM listener_sessions"),
            n => n >= durations.Count, TimeSpan.FromSeconds(30), "a finished session per held listener_remove");

        Assert.Equal(durations.Count, rows);
        Assert.Equal(string.Join(',', durations.Order()), await _database.ScalarAsync<string>(
            "SELECT string_agg(duration_seconds::text, ',' ORDER BY duration_seconds) FROM listener_sessions"));
        Assert.Equal("hook", await _database.ScalarAsync<string>("SELECT string_agg(DISTINCT source, ',') FROM listener_sessions"));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _icecast.DisposeAsync();
        await _database.DisposeAsync();
    }
}
