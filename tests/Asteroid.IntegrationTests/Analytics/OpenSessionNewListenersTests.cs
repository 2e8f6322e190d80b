using System.Globalization;
using System.Text;
using Asteroid.IntegrationTests.Infrastructure;

namespace Asteroid.IntegrationTests.Analytics;

/// <summary>On a fresh database a listener still connected, for 90 s already (a poll of the replayed
/// Icecast lists it with Connected = 90), has no first-seen row yet (rows are written when a session
/// finishes) but is counted by the live day: it is new, not returning, in every scope it belongs to
/// and in both traffic kinds.</summary>
public sealed class OpenSessionNewListenersTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Create();
    private ReplayIcecast _icecast = null!;
    private AsteroidApp _app = null!;

    public async Task InitializeAsync()
    {
        _icecast = await ReplayIcecast.StartAsync();
        _icecast.ListMounts = Encoding.UTF8.GetBytes("""
            <?xml version="1.0"?>
            <icestats><source mount="/live.mp3"><fallback></fallback><listeners>1</listeners><Connected>600</Connected><content-type>audio/mpeg</content-type></source></icestats>
            """);
        _icecast.ListClients.Remove("/jazz.ogg");
        _icecast.ListClients["/live.mp3"] = Encoding.UTF8.GetBytes("""
            <?xml version="1.0"?>
            <icestats><source mount="/live.mp3"><Listeners>1</Listeners><listener><IP>81.2.69.142</IP><UserAgent>VLC/3.0.18 LibVLC/3.0.18</UserAgent><Connected>90</Connected><ID>7</ID></listener></source></icestats>
            """);
        _app = new AsteroidApp(_database);
        await _app.PutServerAsync("main", _icecast.BaseUrl, "recorded");
    }

    [Fact]
    public async Task One_open_qualifying_session_on_a_fresh_database_is_one_new_listener_and_none_returning()
    {
        // The session started 90 s before the first poll: from that day (UTC, the implicit station's zone) to today.
        var from = DateTime.UtcNow.AddSeconds(-120).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        foreach (var (scope, traffic) in new[]
        {
            ("station=main", "net"), ("server=main&mount=%2Flive.mp3", "net"), ("server=main", "net"), ("", "net"), ("station=main", "gross"),
        })
        {
            var summary = await Eventually.Get(() => _app.GetJsonAsync($"/api/asteroid/stats/summary?{scope}&from={from}&to={today}&traffic={traffic}"),
                s => (long?)s["uniqueListeners"] == 1, TimeSpan.FromSeconds(30), $"the open session counted by the live day ({scope}, {traffic})");

            Assert.Equal(1, (long)summary["sessions"]!);
            Assert.Equal((scope, traffic, 1L, 0L), (scope, traffic, (long)summary["newListeners"]!, (long)summary["returningListeners"]!));
        }

        Assert.Equal(0, await FirstSeenRowsAsync()); // still open: no row written, the new listener came from the open session
    }

    private async Task<long> FirstSeenRowsAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM listener_first_seen", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _icecast.DisposeAsync();
        await _database.DisposeAsync();
    }
}
