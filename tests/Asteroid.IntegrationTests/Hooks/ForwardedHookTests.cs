using System.Diagnostics;
using System.Net;
using Asteroid.Enrichment;
using Asteroid.IntegrationTests.Import;
using Asteroid.IntegrationTests.Infrastructure;

namespace Asteroid.IntegrationTests.Hooks;

/// <summary>A real HAProxy (<c>option forwardfor</c>) in front of a real Icecast whose URL-auth hook
/// forwards <c>X-Forwarded-For</c> (<c>headers</c> option) to the app on a real loopback port, with
/// <c>Asteroid:TrustedProxies</c> = 127.0.0.1/32. HAProxy connects to Icecast from
/// <paramref name="proxyAddress"/>: the trusted 127.0.0.1 (<see cref="ForwardedHookTrustedTests"/>) or
/// an untrusted 127.0.0.9 (<see cref="ForwardedHookUntrustedTests"/>).</summary>
public abstract class ForwardedHookTests(string proxyAddress) : IAsyncLifetime
{
    protected const string Mount = "/proxied.mp3";
    private const string Agent = "VLC/3.0.18 LibVLC/3.0.18";
    private readonly List<Process> _listeners = [];
    private IcecastInstance _icecast = null!;
    private HaproxyInstance _haproxy = null!;

    protected TestDatabase Database { get; } = TestDatabase.Create();

    protected AsteroidApp App { get; private set; } = null!;

    protected string ProxyAddress => proxyAddress;

    public async Task InitializeAsync()
    {
        App = new AsteroidApp(Database, new Dictionary<string, string?> { ["Asteroid:TrustedProxies:0"] = "127.0.0.1/32" });
        var appUrl = App.StartOnLoopback();
        var icecastPort = FreePort.Next();
        await App.PutServerAsync("main", new Uri($"http://127.0.0.1:{icecastPort}"), "set-below", pollIntervalSeconds: 1);
        var hook = await App.GetJsonAsync("/api/asteroid/admin/servers/main/hook");
        var block = ((string)hook["withListenerAddXml"]!)
            .Replace("http://localhost", appUrl.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal); // it forwards the headers itself
        _icecast = await IcecastInstance.StartAsync($"<mount type=\"normal\"><mount-name>{Mount}</mount-name>{block}</mount>", icecastPort);
        await App.PutServerAsync("main", _icecast.BaseUrl, _icecast.AdminPassword, pollIntervalSeconds: 1);
        await _icecast.AddSourceAsync(Mount);
        _haproxy = await HaproxyInstance.StartAsync(_icecast.Port, frontend: "    option forwardfor", backendSource: proxyAddress);
    }

    /// <summary>Ten curl listeners from 127.0.0.61–70 through HAProxy; the keys of the open sessions once all ten are open.</summary>
    protected async Task<string[]> ListenAsync()
    {
        for (var host = 61; host <= 70; host++)
        {
            _listeners.Add(Listen(host));
        }

        return (await Eventually.Get(
            () => Database.ScalarAsync<string?>("SELECT string_agg(listener_key, ',') FROM open_sessions"),
            k => k?.Split(',').Length == 10, TimeSpan.FromSeconds(30), "ten sessions are open"))!.Split(',');
    }

    protected HashSet<string> ClientKeys()
    {
        var hasher = App.Service<ListenerKeyHasher>();
        return [.. Enumerable.Range(61, 10).Select(h => hasher.Hash(IPAddress.Parse($"127.0.0.{h}"), Agent))];
    }

    protected string ProxyKey() => App.Service<ListenerKeyHasher>().Hash(IPAddress.Parse(proxyAddress), Agent);

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

        await App.DisposeAsync();
        await _haproxy.DisposeAsync();
        await _icecast.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary>The proxy is trusted: sessions carry the hash of each client's address, not the proxy's,
/// and Icecast's own list (every listener at the proxy's address) raises no shared-address warning:
/// that proxy hides nobody.</summary>
public sealed class ForwardedHookTrustedTests() : ForwardedHookTests("127.0.0.1")
{
    [Fact]
    public async Task Sessions_behind_a_trusted_proxy_carry_the_client_address_hash_and_the_trusted_proxy_address_is_not_warned()
    {
        var keys = await ListenAsync();

        var clients = ClientKeys();
        var proxy = ProxyKey();
        var sources = await Database.ScalarAsync<string>("SELECT string_agg(DISTINCT source, ',') FROM open_sessions");
        Assert.True(clients.SetEquals(keys),
            $"every session carries its client's address hash: {keys.Count(clients.Contains)} client hashes, {keys.Count(k => k == proxy)} proxy hashes, sources {sources}");
        Assert.DoesNotContain(proxy, keys);
        Assert.Equal("hook", sources);

        // Icecast lists all ten at 127.0.0.1 (the trusted proxy): after polls that saw the ten, still no warning.
        var seenAt = DateTimeOffset.UtcNow;
        var mount = await Eventually.Get(() => App.CurrentMountAsync("main", Mount),
            m => m?["listeners"] is { } n && (int)n == 10 && m["lastSuccessAt"] is { } p && DateTimeOffset.Parse((string)p!) > seenAt.AddSeconds(2),
            TimeSpan.FromSeconds(20), "polls after the ten listeners joined");
        Assert.Null(mount!["sharedAddress"]);
        Assert.DoesNotContain(App.Logs, l => l.Contains("share one address", StringComparison.Ordinal));
    }
}

/// <summary>The proxy (127.0.0.9) is not in <c>Asteroid:TrustedProxies</c>: its forwarded header is
/// ignored, every session is the proxy's address, and the mount warns of the shared address (status
/// and log line, without an address in either).</summary>
public sealed class ForwardedHookUntrustedTests() : ForwardedHookTests("127.0.0.9")
{
    [Fact]
    public async Task An_untrusted_proxy_hides_its_listeners_and_the_shared_address_is_warned()
    {
        var keys = await ListenAsync();

        Assert.All(keys, k => Assert.Equal(ProxyKey(), k));
        var mount = await Eventually.Get(() => App.CurrentMountAsync("main", Mount), m => m?["sharedAddress"] is not null,
            TimeSpan.FromSeconds(20), "the mount warns of a shared address");
        Assert.Equal(10, (int)mount!["sharedAddress"]!["listeners"]!);
        Assert.Equal(10, (int)mount["sharedAddress"]!["sharing"]!);
        var line = Assert.Single(App.Logs, l => l.Contains("share one address", StringComparison.Ordinal));
        Assert.DoesNotContain("127.0.0.", line, StringComparison.Ordinal);
    }
}
