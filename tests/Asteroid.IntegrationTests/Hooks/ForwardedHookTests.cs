using System.Diagnostics;
using System.Net;
using Asteroid.Enrichment;
using Asteroid.IntegrationTests.Import;
using Asteroid.IntegrationTests.Infrastructure;

namespace Asteroid.IntegrationTests.Hooks;

/// <summary>A real HAProxy (<c>option forwardfor</c>) in front of a real Icecast whose URL-auth hook
/// forwards <c>X-Forwarded-For</c> (<c>headers</c> option) to the app on a real loopback port, with the
/// proxy's address in <c>Asteroid:TrustedProxies</c>: sessions carry the hash of each client's
/// address, not the proxy's; and Icecast's own list (every listener at the proxy's address) raises the
/// mount's shared-address warning and its log line, without an address in either.</summary>
public sealed class ForwardedHookTests : IAsyncLifetime
{
    private const string Mount = "/proxied.mp3";
    private const string Agent = "VLC/3.0.18 LibVLC/3.0.18";
    private readonly TestDatabase _database = TestDatabase.Create();
    private readonly List<Process> _listeners = [];
    private AsteroidApp _app = null!;
    private IcecastInstance _icecast = null!;
    private HaproxyInstance _haproxy = null!;

    public async Task InitializeAsync()
    {
        _app = new AsteroidApp(_database, new Dictionary<string, string?> { ["Asteroid:TrustedProxies:0"] = "127.0.0.1/32" });
        var appUrl = _app.StartOnLoopback();
        var icecastPort = FreePort.Next();
        await _app.PutServerAsync("main", new Uri($"http://127.0.0.1:{icecastPort}"), "set-below", pollIntervalSeconds: 1);
        var hook = await _app.GetJsonAsync("/api/asteroid/admin/servers/main/hook");
        var block = ((string)hook["withListenerAddXml"]!)
            .Replace("http://localhost", appUrl.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal); // it forwards the headers itself
        _icecast = await IcecastInstance.StartAsync($"<mount type=\"normal\"><mount-name>{Mount}</mount-name>{block}</mount>", icecastPort);
        await _app.PutServerAsync("main", _icecast.BaseUrl, _icecast.AdminPassword, pollIntervalSeconds: 1);
        await _icecast.AddSourceAsync(Mount);
        _haproxy = await HaproxyInstance.StartAsync(_icecast.Port, frontend: "    option forwardfor");
    }

    [Fact]
    public async Task Sessions_behind_a_trusted_proxy_carry_the_client_address_hash_and_the_shared_proxy_address_is_warned()
    {
        for (var host = 61; host <= 70; host++)
        {
            _listeners.Add(Listen(host));
        }

        var keys = (await Eventually.Get(
            () => _database.ScalarAsync<string?>("SELECT string_agg(listener_key, ',') FROM open_sessions"),
            k => k?.Split(',').Length == 10, TimeSpan.FromSeconds(30), "ten sessions are open"))!.Split(',');

        var hasher = _app.Service<ListenerKeyHasher>();
        var clients = Enumerable.Range(61, 10).Select(h => hasher.Hash(IPAddress.Parse($"127.0.0.{h}"), Agent)).ToHashSet();
        var proxy = hasher.Hash(IPAddress.Parse("127.0.0.1"), Agent);
        var sources = await _database.ScalarAsync<string>("SELECT string_agg(DISTINCT source, ',') FROM open_sessions");
        Assert.True(clients.SetEquals(keys),
            $"every session carries its client's address hash: {keys.Count(clients.Contains)} client hashes, {keys.Count(k => k == proxy)} proxy hashes, sources {sources}");
        Assert.DoesNotContain(proxy, keys);
        Assert.Equal("hook", await _database.ScalarAsync<string>("SELECT string_agg(DISTINCT source, ',') FROM open_sessions"));

        // Icecast itself sees every listener at the proxy's address: the warning says so.
        var mount = await Eventually.Get(() => _app.CurrentMountAsync("main", Mount), m => m?["sharedAddress"] is not null,
            TimeSpan.FromSeconds(20), "the mount warns of a shared address");
        Assert.Equal(10, (int)mount!["sharedAddress"]!["listeners"]!);
        Assert.Equal(10, (int)mount["sharedAddress"]!["sharing"]!);
        var line = Assert.Single(_app.Logs, l => l.Contains("share one address", StringComparison.Ordinal));
        Assert.DoesNotContain("127.0.0.", line, StringComparison.Ordinal);
    }

    private Process Listen(int host)
    {
        var start = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-s", "-o", "/dev/null", "--interface", $"127.0.0.{host}", "-A", Agent, $"http://127.0.0.1:{_haproxy.Port}{Mount}" })
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }

    public async Task DisposeAsync()
    {
        foreach (var listener in _listeners)
        {
            IcecastInstance.Stop(listener);
            listener.Dispose();
        }

        await _app.DisposeAsync();
        await _haproxy.DisposeAsync();
        await _icecast.DisposeAsync();
        await _database.DisposeAsync();
    }
}
