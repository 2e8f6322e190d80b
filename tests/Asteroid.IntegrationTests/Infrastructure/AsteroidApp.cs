using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Asteroid.IntegrationTests.Infrastructure;

/// <summary>The real web + silo host (Program of src/Web) on its own database, cluster id and
/// ports, with short poll and reminder periods. Logs are captured so tests can search them.</summary>
public sealed class AsteroidApp : WebApplicationFactory<Program>
{
    public const string ApiKey = "test-api-key-0123456789abcdef";
    public const string HashKey = "integration-test-hash-key-0123456789";
    public const string AdminUser = "admin";
    public const string AdminPassword = "correct horse battery staple";
    private static readonly string AdminHash = Asteroid.Web.Auth.PasswordHash.Create(AdminPassword);

    private readonly Dictionary<string, string?> _settings;

    public AsteroidApp(TestDatabase database, IDictionary<string, string?>? settings = null)
    {
        Database = database;
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Asteroid"] = database.ConnectionString,
            ["Database:CreateDatabase"] = "true",
            ["Auth:ApiKeys:0"] = ApiKey,
            ["Orleans:ClusterId"] = database.Name,
            ["Orleans:ServiceId"] = database.Name,
            ["Orleans:SiloPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:MinimumReminderPeriod"] = "00:00:05",
            ["Orleans:KeepAlive:ReminderPeriod"] = "00:00:05",
            ["Icecast:RequestTimeoutSeconds"] = "2",
            ["Privacy:HashKey"] = HashKey,
            ["Auth:Admins:0:User"] = AdminUser,
            ["Auth:Admins:0:PasswordHash"] = AdminHash,
            ["GeoIp:CityDatabase"] = Tests.Support.SharedData.Path("geoip", "GeoIP2-City-Test.mmdb"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public TestDatabase Database { get; }

    /// <summary>Serves on a real loopback port (for callers outside the process: Icecast hooks, a
    /// browser) instead of the in-memory test server. Returns the base address.</summary>
    public Uri StartOnLoopback()
    {
        UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First());
    }

    public ConcurrentQueue<string> Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseEnvironment("Testing");
        builder.ConfigureLogging(logging => logging.AddProvider(new CapturingLoggerProvider(Logs)));
    }

    public HttpClient CreateApiClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    public async Task<JsonNode> GetJsonAsync(string path)
    {
        using var client = CreateApiClient();
        using var response = await client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }

    public async Task<JsonNode?> CurrentMountAsync(string server, string mount)
    {
        var current = await GetJsonAsync("/api/asteroid/stats/current");
        return current["mounts"]!.AsArray().FirstOrDefault(m => (string?)m!["server"] == server && (string?)m["mount"] == mount);
    }

    public async Task PutServerAsync(string id, Uri baseUrl, string password, int pollIntervalSeconds = 1)
    {
        using var client = CreateApiClient();
        using var response = await client.PutAsJsonAsync($"/api/asteroid/admin/servers/{id}", new
        {
            baseUrl,
            adminUser = IcecastInstance.AdminUser,
            adminPassword = password,
            pollIntervalSeconds,
            enabled = true,
        });
        response.EnsureSuccessStatusCode();
    }

    public HubConnection CreateHubConnection() => new HubConnectionBuilder()
        .WithUrl(new Uri(Server.BaseAddress, "/hubs/stats"), o =>
        {
            o.Headers.Add("X-Api-Key", ApiKey);
            o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.LongPolling;
            o.HttpMessageHandlerFactory = _ => Server.CreateHandler();
        })
        .Build();

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> sink) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, sink);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}");
    }
}
