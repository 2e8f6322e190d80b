using System.Collections.Concurrent;
using System.Net;
using Asteroid.Alerts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Asteroid.IntegrationTests.Alerts;

/// <summary>A webhook receiver on a loopback port (Kestrel in the test process): checks each request's
/// <c>X-Asteroid-Signature</c> against the secret, records it, and answers with the next status of
/// <see cref="Answers"/> (200 once they are used up).</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app, string secret)
    {
        _app = app;
        Secret = secret;
    }

    public string Secret { get; }

    public ConcurrentQueue<int> Answers { get; } = new();

    public ConcurrentQueue<Received> Requests { get; } = new();

    public Uri Url { get; private set; } = null!;

    public sealed record class Received(string Body, string? Signature, bool SignatureValid, string? DeliveryId, string? EventId, int Answered);

    public static async Task<WebhookReceiver> StartAsync(string secret)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, secret);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var signature = context.Request.Headers[WebhookPayload.SignatureHeader].ToString();
            var valid = signature == WebhookPayload.Signature(body, receiver.Secret);
            var status = receiver.Answers.TryDequeue(out var next) ? next : 200;
            receiver.Requests.Enqueue(new Received(body, signature, valid, context.Request.Headers["X-Asteroid-Delivery"], context.Request.Headers["X-Asteroid-Event"], status));
            return Results.Text(status == 200 ? "thanks" : "try later", statusCode: status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(new Uri(address), "/hook");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
