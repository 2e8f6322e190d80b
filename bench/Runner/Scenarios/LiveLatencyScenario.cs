using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Asteroid.Bench.Infrastructure;
using Asteroid.Live;
using Asteroid.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace Asteroid.Bench.Scenarios;

/// <summary>Live latency as a dashboard sees it: a real Icecast (icecast2) with ffmpeg sources, a
/// running src/Web polling it every 10 s, and a SignalR client on the stats hub. A curl listener
/// connects; the time until the hub delivers the mount's new count is measured — on a mount with
/// Icecast's listener_add/listener_remove hooks, and on a mount known by polling only.</summary>
public static class LiveLatencyScenario
{
    private const int PollSeconds = 10;

    public static async Task RunAsync(BenchSettings settings, Report report, CancellationToken ct)
    {
        await using var db = await BenchDatabase.CreateAsync(settings, "bench_live_latency", ct);
        await using var node = await WebNode.StartAsync(settings, "bench_live_latency", "web-live-latency", new Dictionary<string, string>());
        using var http = node.Client();
        var icecastPort = FreePort.Next();
        (await http.PutAsJsonAsync("/api/asteroid/admin/servers/live", new
        {
            baseUrl = $"http://127.0.0.1:{icecastPort}", adminUser = IcecastInstance.AdminUser, adminPassword = "pending", pollIntervalSeconds = PollSeconds, enabled = true,
        }, ct)).EnsureSuccessStatusCode();
        var hook = JsonNode.Parse(await http.GetStringAsync("/api/asteroid/admin/servers/live/hook", ct))!;
        await using var icecast = await IcecastInstance.StartAsync(
            $"<mount><mount-name>/hooked.mp3</mount-name>{(string)hook["withListenerAddXml"]!}</mount>", icecastPort);
        (await http.PutAsJsonAsync("/api/asteroid/admin/servers/live", new
        {
            baseUrl = $"http://127.0.0.1:{icecastPort}", adminUser = IcecastInstance.AdminUser, adminPassword = icecast.AdminPassword, pollIntervalSeconds = PollSeconds, enabled = true,
        }, ct)).EnsureSuccessStatusCode();
        await icecast.AddSourceAsync("/hooked.mp3");
        await icecast.AddSourceAsync("/polled.mp3");

        var received = new ConcurrentQueue<(MountCountChange Change, long At)>();
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(node.Url, "/hubs/stats"), o => o.Headers["X-Api-Key"] = WebNode.ApiKey)
            .Build();
        hub.On<MountCountChange>("mountChanged", c => received.Enqueue((c, Stopwatch.GetTimestamp())));
        await hub.StartAsync(ct);
        await hub.InvokeAsync("JoinAll", ct);
        foreach (var mount in new[] { "/hooked.mp3", "/polled.mp3" })
        {
            await Eventually.Get(() => Task.FromResult(received.Any(r => r.Change.Mount == mount && r.Change.Status == "ok")), seen => seen,
                TimeSpan.FromSeconds(60), $"{mount} is polled and pushed");
        }

        var runs = settings.Quick ? 3 : 10;
        var random = new Random(settings.Seed);
        var host = 10;
        foreach (var (mount, name, target) in new[] { ("/hooked.mp3", "with hooks", 1.0), ("/polled.mp3", "with polling (10 s)", PollSeconds + 0.5) })
        {
            var latencies = new List<double>();
            for (var run = 0; run < runs; run++)
            {
                await Task.Delay(TimeSpan.FromSeconds(random.NextDouble() * 3), ct); // no phase lock with the poll timer
                received.Clear();
                var connected = Stopwatch.GetTimestamp();
                var listener = icecast.AddListener(mount, host++);
                var (_, at) = await Eventually.Get(() => Task.FromResult(received.FirstOrDefault(r => r.Change.Mount == mount && r.Change.Listeners == 1)),
                    r => r.Change is not null, TimeSpan.FromSeconds(PollSeconds * 3), $"the count of {mount} reaches 1 on the hub");
                latencies.Add(Stopwatch.GetElapsedTime(connected, at).TotalSeconds);
                IcecastInstance.Stop(listener);
                await Eventually.Get(() => Task.FromResult(received.Any(r => r.Change.Mount == mount && r.Change.Listeners == 0)), back => back,
                    TimeSpan.FromSeconds(PollSeconds * 3), $"the count of {mount} is back to 0");
            }

            var p95 = Stats.Percentile(latencies, 95);
            report.Add("live", $"curl connects → SignalR message, {name}: p95", p95, "s", target: $"≤ {target:0.#} s", met: p95 <= target,
                note: $"p50 {Stats.Median(latencies):0.###} s, max {latencies.Max():0.###} s over {runs} connections; real icecast2, ffmpeg source, curl listener");
        }
    }
}
