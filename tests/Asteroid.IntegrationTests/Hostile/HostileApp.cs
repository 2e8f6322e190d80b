using System.Net;
using Asteroid.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Asteroid.IntegrationTests.Hostile;

/// <summary>The real host for hostile callers: the in-memory test server has no client address, so
/// a test names the address a request comes from in <see cref="ClientHeader"/> (set before any of
/// the app's middleware runs; the header exists only in this test host).</summary>
public sealed class HostileApp : IAsyncLifetime
{
    public const string ClientHeader = "X-Test-Client-Address";

    private readonly TestDatabase _database = TestDatabase.Create();
    private AsteroidApp _inner = null!;

    public WebApplicationFactory<Program> App { get; private set; } = null!;

    public static IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Auth:ThrottleEntries"] = "40",
        ["RateLimits:SignInPerMinute"] = "100000",
    };

    public TestDatabase Database => _database;

    public Task InitializeAsync()
    {
        _inner = new AsteroidApp(_database, Settings);
        App = _inner.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter, ClientAddressFromHeader>()));
        _ = App.Server;
        return Task.CompletedTask;
    }

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public HttpClient Client(string? address = null, bool apiKey = false, bool cookies = false)
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = cookies });
        if (address is not null)
        {
            client.DefaultRequestHeaders.Add(ClientHeader, address);
        }

        if (apiKey)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", AsteroidApp.ApiKey);
        }

        return client;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await _inner.DisposeAsync();
        await _database.DisposeAsync();
    }

    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[ClientHeader].ToString(), out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
