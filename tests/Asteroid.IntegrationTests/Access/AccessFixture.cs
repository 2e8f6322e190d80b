using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Asteroid.IntegrationTests.Infrastructure;
using Asteroid.Servers;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Asteroid.IntegrationTests.Access;

/// <summary>One host with a replayed Icecast "main" (mounts /jazz.ogg and /live.mp3), two stations
/// "jazz" (main /jazz.ogg) and "live" (main /live.mp3), and API keys of each kind.</summary>
public sealed class AccessFixture : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Create();
    private static readonly string[] JazzOnly = ["jazz"];
    private static readonly string[] LiveOnly = ["live"];
    private static readonly string[] JazzAndLive = ["jazz", "live"];
    private static readonly string[] NotAnId = ["Not An Id"];
    private ReplayIcecast _icecast = null!;

    public AsteroidApp App { get; private set; } = null!;

    /// <summary>Viewer of station jazz.</summary>
    public string ViewerKey { get; private set; } = "";

    /// <summary>Manager of station jazz.</summary>
    public string ManagerKey { get; private set; } = "";

    /// <summary>Created with a name only (what an old client sends).</summary>
    public string NameOnlyKey { get; private set; } = "";

    /// <summary>Created before roles existed (no role stored).</summary>
    public string OldKey { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _icecast = await ReplayIcecast.StartAsync();
        App = new AsteroidApp(_database);
        _ = App.Server;
        await App.PutServerAsync("main", _icecast.BaseUrl, "hackme-icecast");
        using var admin = App.CreateApiClient();
        (await admin.PutAsJsonAsync("/api/asteroid/admin/stations/jazz", new { name = "Jazz FM", mounts = new[] { new { server = "main", mount = "/jazz.ogg" } } })).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync("/api/asteroid/admin/stations/live", new { name = "Live", mounts = new[] { new { server = "main", mount = "/live.mp3" } } })).EnsureSuccessStatusCode();
        ViewerKey = await CreateKeyAsync(admin, new { name = "jazz viewer", role = "viewer", stations = JazzOnly });
        ManagerKey = await CreateKeyAsync(admin, new { name = "jazz manager", role = "manager", stations = JazzOnly });
        NameOnlyKey = await CreateKeyAsync(admin, new { name = "old client" });
        OldKey = (await App.Service<IGrainFactory>().GetGrain<IApiKeyDirectoryGrain>(IApiKeyDirectoryGrain.Key).Create("from before roles")).Key;
    }

    public HttpClient Key(string key)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public HttpClient Cookies() => App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });

    private static async Task<string> CreateKeyAsync(HttpClient admin, object body)
    {
        using var response = await admin.PostAsJsonAsync("/api/asteroid/admin/api-keys", body);
        response.EnsureSuccessStatusCode();
        return (string)(await response.Content.ReadFromJsonAsync<JsonNode>())!["key"]!;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await _icecast.DisposeAsync();
        await _database.DisposeAsync();
    }
}
