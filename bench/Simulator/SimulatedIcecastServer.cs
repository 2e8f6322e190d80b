using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Asteroid.Bench.Simulator;

/// <summary>Serves an <see cref="IcecastModel"/> on a loopback port with Icecast's admin paths
/// (/admin/listmounts, /admin/listclients?mount=, /admin/stats) and its answers for errors
/// (400 "Source does not exist").</summary>
public sealed class SimulatedIcecastServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SimulatedIcecastServer(WebApplication app, Uri baseUrl, IcecastModel model)
    {
        _app = app;
        BaseUrl = baseUrl;
        Model = model;
    }

    public Uri BaseUrl { get; }

    public IcecastModel Model { get; }

    public static async Task<SimulatedIcecastServer> StartAsync(IcecastModel model, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/admin/listmounts", () => Xml(IcecastDocuments.ListMounts(Enumerable.Range(0, model.MountCount)
            .Select(i => (IcecastModel.MountName(i), model.ListenerCount(i), (long)(DateTimeOffset.UtcNow - model.ServerStart).TotalSeconds)))));
        app.MapGet("/admin/stats", () => Xml(IcecastDocuments.Stats(model.ServerStart, Enumerable.Range(0, model.MountCount)
            .Select(i => (IcecastModel.MountName(i), model.ListenerCount(i))))));
        app.MapGet("/admin/listclients", (string? mount) =>
        {
            var index = mount is ['/', 'm', ..] && int.TryParse(mount.AsSpan(2, 4), out var i) && i < model.MountCount ? i : -1;
            if (index < 0)
            {
                return Results.Content("<html><head><title>Error 400</title></head><body><b>400 - Source does not exist</b></body></html>", "text/html", statusCode: 400);
            }

            var now = DateTimeOffset.UtcNow;
            return Xml(IcecastDocuments.ListClients(mount!, model.ListenersAt(index, now), now));
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SimulatedIcecastServer(app, new Uri(address), model);
    }

    private static IResult Xml(string body) => Results.Bytes(Encoding.UTF8.GetBytes(body), "text/xml; charset=utf-8");

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
