using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Asteroid.IntegrationTests.Infrastructure;

/// <summary>An HTTP server on loopback that answers Icecast's admin paths with recorded samples —
/// or with what a test sets, to produce answers a healthy Icecast never gives (truncated or huge XML).</summary>
public sealed class ReplayIcecast : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ReplayIcecast(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public byte[] ListMounts { get; set; } = File.ReadAllBytes(Tests.Support.SharedData.Sample("04-several.listmounts.xml"));

    public byte[] Stats { get; set; } = File.ReadAllBytes(Tests.Support.SharedData.Sample("04-several.admin-stats.xml"));

    /// <summary>Body of listclients per mount; a missing mount answers Icecast's 400.</summary>
    public Dictionary<string, byte[]> ListClients { get; } = new()
    {
        ["/live.mp3"] = File.ReadAllBytes(Tests.Support.SharedData.Sample("04-several.listclients-live.mp3.xml")),
        ["/jazz.ogg"] = File.ReadAllBytes(Tests.Support.SharedData.Sample("04-several.listclients-jazz.ogg.xml")),
    };

    /// <summary>False: every admin path answers 503, as an Icecast whose admin interface is unreachable or overloaded.</summary>
    public bool Answers { get; set; } = true;

    private int _listClientsRequests;

    public int ListClientsRequests => Volatile.Read(ref _listClientsRequests);

    public static async Task<ReplayIcecast> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        ReplayIcecast? self = null;
        app.Use(async (context, next) =>
        {
            if (self is { Answers: false })
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            await next(context);
        });
        app.MapGet("/admin/listmounts", () => Xml(self!.ListMounts));
        app.MapGet("/admin/stats", () => Xml(self!.Stats));
        app.MapGet("/admin/listclients", (string? mount) =>
        {
            Interlocked.Increment(ref self!._listClientsRequests);
            return mount is not null && self.ListClients.TryGetValue(mount, out var body)
                ? Xml(body)
                : Results.Content("<html><head><title>Error 400</title></head><body><b>400 - Source does not exist</b></body></html>", "text/html", statusCode: 400);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new ReplayIcecast(app, new Uri(address));
        return self;
    }

    private static IResult Xml(byte[] body) => Results.Bytes(body, "text/xml; charset=utf-8");

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
