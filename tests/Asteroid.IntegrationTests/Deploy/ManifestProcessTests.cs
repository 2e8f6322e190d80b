using System.Globalization;
using System.Net;
using Asteroid.IntegrationTests.Infrastructure;
using Asteroid.Live;
using Asteroid.Samples.StatsClient;
using Asteroid.Servers;
using Asteroid.Silo.Database;
using Asteroid.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Asteroid.IntegrationTests.Deploy.RenderedManifests;

namespace Asteroid.IntegrationTests.Deploy;

/// <summary>deploy/k8s as a cluster would run it, on this machine: <c>kubectl kustomize</c> renders
/// it, the migration Job's command migrates a fresh database, and one pod of each Deployment runs
/// the published host (scripts/publish.sh, what the images copy) with exactly its container's
/// command, environment and volumes (see <see cref="LocalPod"/>), each pod on a loopback address of
/// its own (the whole of 127.0.0.0/8 is local on Linux; no interface is changed).</summary>
[Collection(DeployCollection.Name)]
public sealed class ManifestProcessTests(PublishedHosts published) : IAsyncLifetime
{
    private const string Mount = "/live.mp3";
    private static readonly string[] MigrateCommand = ["dotnet", "Asteroid.Silo.dll", "migrate"];
    private readonly TestDatabase _database = TestDatabase.Create();
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly string _geoipImage = Path.Combine(Path.GetTempPath(), "asteroid-geoip-image-" + Guid.NewGuid().ToString("N")[..8]);
    private RenderedManifests _manifests = null!;

    public async Task InitializeAsync()
    {
        _manifests = await RenderedManifests.RenderAsync();
        // What deploy/docker/geoip.Dockerfile puts in its image, from the MaxMind test database.
        Directory.CreateDirectory(_geoipImage);
        File.Copy(SharedData.Path("geoip", "GeoLite2-City-Test.mmdb"), Path.Combine(_geoipImage, "GeoLite2-City.mmdb"));
        await MigrationRunner.EnsureDatabaseExistsAsync(_database.ConnectionString, CancellationToken.None); // the operator creates it
    }

    [Fact]
    public async Task The_rendered_manifests_migrate_start_both_hosts_in_one_cluster_and_a_mount_polled_by_the_silo_host_reaches_the_web_hub()
    {
        var before = published.Snapshot();
        await RunMigrationJobAsync();
        Assert.Equal(MigrationRunner.Migrations.Count, (int)await _database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));

        // The silo-only pod first, alone in the cluster: the server registered now is activated and polled there.
        var (silo, siloProcess) = await StartPodAsync("asteroid-silo", "127.77.0.2");
        await AssertProbesAnswerAsync(silo, siloProcess);
        var icecast = await IcecastInstance.StartAsync();
        _owned.Add(icecast);
        await icecast.AddSourceAsync(Mount);
        await ConfigureServerThroughAClientAsync(icecast);
        await Eventually.Get(() => PollsAsync(silo), n => n > 0, TimeSpan.FromSeconds(30), "the silo-only host polls the Icecast server");

        var (web, webProcess) = await StartPodAsync("asteroid-web", "127.77.0.1");
        await AssertProbesAnswerAsync(web, webProcess);
        var members = await Eventually.Get(
            () => _database.ScalarAsync<string>("SELECT string_agg(address || ':' || port, ',' ORDER BY address) FROM orleans_membership WHERE status = 3"),
            m => m?.Split(',').Length == 2, TimeSpan.FromSeconds(60), "both hosts are active members of one cluster");
        var siloPort = LocalPod.Port(silo.Container(), "silo");
        Assert.Equal($"127.77.0.1:{siloPort},127.77.0.2:{siloPort}", members);

        var received = new List<MountCountChange>();
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(WebBase(web), "/hubs/stats"), o => o.Headers.Add("X-Api-Key", ApiKey()))
            .Build();
        hub.On<MountCountChange>("mountChanged", c => { lock (received) { received.Add(c); } });
        await hub.StartAsync();
        await hub.InvokeAsync("JoinAll");
        icecast.AddListener(Mount, 150);
        await Eventually.Get(() => Task.FromResult(Snapshot(received)), l => l.Any(c => c.Server == "main" && c.Mount == Mount && c.Listeners == 1),
            TimeSpan.FromSeconds(30), "the count polled on the silo-only host reaches the web host's hub");
        Assert.Equal(0d, await Eventually.Get(() => PollsAsync(web), n => n is not null, TimeSpan.FromSeconds(30), "the web host's /metrics answers"));
        // ^ the mount stayed on the silo-only host: the web host never polled

        foreach (var (pod, process) in new[] { (web, webProcess), (silo, siloProcess) })
        {
            var exit = await process.StopAsync(TimeSpan.FromSeconds(pod.TerminationGracePeriodSeconds));
            Assert.True(exit is not null, $"{pod.Name} stops within terminationGracePeriodSeconds ({pod.TerminationGracePeriodSeconds} s) of SIGTERM");
        }

        Assert.Equal(before, published.Snapshot()); // nothing wrote into /app (read-only root file system)
    }

    [Fact]
    public async Task Readiness_fails_while_the_configured_GeoIP_database_is_missing_and_passes_once_the_init_container_provides_it()
    {
        await RunMigrationJobAsync();
        var pod = NewPod("asteroid-silo", "127.77.0.3");
        var container = pod.Container();
        var process = pod.Start(container); // its init container not run: the geoip volume is empty
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        await Eventually.Get(() => StatusAsync(http, pod.ProbeUrl(container, "livenessProbe")), s => s == HttpStatusCode.OK || process.HasExited,
            TimeSpan.FromSeconds(60), "the process answers its liveness probe");
        Assert.False(process.HasExited, process.RecentOutput());
        await Eventually.Get(() => StatusAsync(http, pod.ProbeUrl(container, "readinessProbe")),
            s => s == HttpStatusCode.ServiceUnavailable && process.RecentOutput().Contains("GeoIP database", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "readiness fails, and the failing check names the GeoIP database");

        await pod.RunInitContainersAsync();
        await Eventually.Get(() => StatusAsync(http, pod.ProbeUrl(container, "readinessProbe")), s => s == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30), "ready once the init container has copied the database");
    }

    [Fact]
    public async Task Readiness_fails_while_a_migration_of_this_build_is_not_applied()
    {
        await RunMigrationJobAsync();
        var last = MigrationRunner.Migrations[^1].Version;
        await _database.ScalarAsync<int>("DELETE FROM schema_migrations WHERE version = @v", ("v", last)); // as if the Job of this release had not run
        var (pod, process) = await StartPodAsync("asteroid-silo", "127.77.0.4", waitReady: false);
        var container = pod.Container();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        await Eventually.Get(() => StatusAsync(http, pod.ProbeUrl(container, "livenessProbe")), s => s == HttpStatusCode.OK || process.HasExited,
            TimeSpan.FromSeconds(60), "the process answers its liveness probe");
        await Eventually.Get(() => StatusAsync(http, pod.ProbeUrl(container, "readinessProbe")),
            s => s == HttpStatusCode.ServiceUnavailable && process.RecentOutput().Contains($"migrations not applied: {last}", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), "readiness fails, and the failing check names the missing migration");
    }

    public async Task DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }

        Directory.Delete(_geoipImage, recursive: true);
        await _database.DisposeAsync();
    }

    private async Task RunMigrationJobAsync()
    {
        var job = _manifests.Get("Job", "asteroid-migrate");
        await using var pod = new LocalPod(_manifests, job, "asteroid-migrate-0", "127.77.0.9", ImageFiles, _database.ConnectionString);
        Assert.Equal(MigrateCommand, List(pod.Container(), "command").Concat(List(pod.Container(), "args")).Cast<string>());
        await using var process = pod.Start(pod.Container());
        var exit = await process.WaitForExitAsync(TimeSpan.FromSeconds(120));
        Assert.True(exit == 0, $"the migration Job's command exits with 0: {process.RecentOutput()}");
    }

    private LocalPod NewPod(string deployment, string ip)
    {
        var workload = _manifests.Get("Deployment", deployment);
        var pod = new LocalPod(_manifests, workload, deployment + "-0", ip, ImageFiles, _database.ConnectionString);
        _owned.Add(pod);
        Assert.Equal("false", pod.ContainerEnvironment(pod.Container())["Database__MigrateOnStart"]); // the Job migrates, not the pods
        return pod;
    }

    private async Task<(LocalPod Pod, ContainerProcess Process)> StartPodAsync(string deployment, string ip, bool waitReady = true)
    {
        var pod = NewPod(deployment, ip);
        await pod.RunInitContainersAsync();
        var process = pod.Start(pod.Container());
        if (waitReady)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
            var status = await Eventually.Get(() => StatusAsync(http, pod.ProbeUrl(pod.Container(), "startupProbe")), s => s == HttpStatusCode.OK || process.HasExited,
                TimeSpan.FromSeconds(90), $"{pod.Name} passes its startup probe");
            Assert.True(status == HttpStatusCode.OK, $"{pod.Name} exited: {process.RecentOutput()}");
        }

        return (pod, process);
    }

    private static async Task AssertProbesAnswerAsync(LocalPod pod, ContainerProcess process)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        foreach (var probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" })
        {
            var url = pod.ProbeUrl(pod.Container(), probe);
            Assert.True(await StatusAsync(http, url) == HttpStatusCode.OK, $"{pod.Name} {probe} {url}: {process.RecentOutput()}");
        }
    }

    private async Task ConfigureServerThroughAClientAsync(IcecastInstance icecast)
    {
        var config = Generated("ConfigMap");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Asteroid"] = _database.ConnectionString,
            ["Orleans:ClusterId"] = config["Orleans__ClusterId"],
            ["Orleans:ServiceId"] = config["Orleans__ServiceId"],
        });
        builder.AddAsteroidClient();
        using var host = builder.Build();
        await host.StartAsync();
        await host.Services.GetRequiredService<IClusterClient>().GetGrain<IIcecastServerGrain>("main")
            .Configure(new IcecastServerSettings(icecast.BaseUrl, IcecastInstance.AdminUser, icecast.AdminPassword, 1, true), keepStoredPassword: false);
        await host.StopAsync();
    }

    private IReadOnlyDictionary<string, string> Generated(string kind) =>
        _manifests.Values(kind, Str(Map(_manifests.OfKind(kind).Single(), "metadata"), "name")!);

    private string ApiKey() => Generated("Secret")["Auth__ApiKeys__0"];

    private static Uri WebBase(LocalPod pod) => new($"http://{pod.Ip}:{LocalPod.Port(pod.Container(), "http")}");

    /// <summary>asteroid_polls_total summed over its series on one host's /metrics; null while it does not answer.</summary>
    private async Task<double?> PollsAsync(LocalPod pod)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey());
        try
        {
            var text = await http.GetStringAsync(new Uri(WebBase(pod), "/metrics"));
            return text.Split('\n').Where(l => l.StartsWith("asteroid_polls_total", StringComparison.Ordinal))
                .Sum(l => double.Parse(l.Split(' ')[1], CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private Dictionary<string, string> ImageFiles(string image) => image switch
    {
        _ when image.Contains("/asteroid-web:", StringComparison.Ordinal) => new Dictionary<string, string> { ["/app"] = published.Web },
        _ when image.Contains("/asteroid-silo:", StringComparison.Ordinal) => new Dictionary<string, string> { ["/app"] = published.Silo },
        _ when image.Contains("/asteroid-geoip:", StringComparison.Ordinal) => new Dictionary<string, string> { ["/geoip"] = _geoipImage },
        _ => throw new InvalidOperationException($"no local stand-in for image {image}"),
    };

    private static async Task<HttpStatusCode?> StatusAsync(HttpClient http, Uri url)
    {
        try
        {
            using var response = await http.GetAsync(url);
            return response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private static List<MountCountChange> Snapshot(List<MountCountChange> list)
    {
        lock (list)
        {
            return [.. list];
        }
    }
}
