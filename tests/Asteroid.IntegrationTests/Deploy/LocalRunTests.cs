using System.Diagnostics;
using System.Globalization;
using Asteroid.IntegrationTests.Infrastructure;

namespace Asteroid.IntegrationTests.Deploy;

/// <summary>The published silo-only host run by hand, as a local run does: it listens where
/// ASPNETCORE_URLS says (its appsettings.json no longer carries a <c>Urls</c> that overrode it).</summary>
[Collection(DeployCollection.Name)]
public sealed class LocalRunTests(PublishedHosts published) : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Create();

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_published_silo_host_listens_on_ASPNETCORE_URLS()
    {
        var port = FreePort.Next();
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = published.Silo };
        info.ArgumentList.Add("Asteroid.Silo.dll");
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["ConnectionStrings__Asteroid"] = _database.ConnectionString;
        info.Environment["Database__CreateDatabase"] = "true";
        info.Environment["Orleans__ClusterId"] = _database.Name;
        info.Environment["Orleans__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        info.Environment["Orleans__GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        info.Environment["Privacy__HashKey"] = AsteroidApp.HashKey;
        await using var process = new ContainerProcess(Process.Start(info)!, "silo");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };

        var ready = await Eventually.Get(async () =>
        {
            try
            {
                return (await http.GetAsync($"http://127.0.0.1:{port}/health/ready")).IsSuccessStatusCode;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, ok => ok || process.HasExited, TimeSpan.FromSeconds(90), $"the silo host answers on ASPNETCORE_URLS (port {port})");

        Assert.True(ready, process.RecentOutput());
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();
}
