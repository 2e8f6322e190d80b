using System.Net;
using System.Net.Sockets;
using System.Text;
using Asteroid.Icecast;
using Asteroid.Mounts;
using Asteroid.Servers;
using Asteroid.Tests.Support;
using Microsoft.Extensions.Options;

namespace Asteroid.Tests.Icecast;

/// <summary>The admin client's answers to Icecast's recorded error responses and to network faults.</summary>
public sealed class IcecastAdminClientTests
{
    private static readonly IcecastServerSettings Server = new(new Uri("http://127.0.0.1:18000"), "admin", "secret", 10, true);

    [Theory]
    [InlineData("30-admin-wrongpass.hdr", "30-admin-wrongpass.body", MountStatus.Unauthorized, "401")]
    [InlineData("30-admin-noauth.hdr", "30-admin-noauth.body", MountStatus.Unauthorized, "adminPassword")]
    [InlineData("30-listclients-wrongpass.hdr", "30-listclients-wrongpass.body", MountStatus.Unauthorized, "401")]
    [InlineData("50-admin-at-client-limit.hdr", "50-admin-at-client-limit.body", MountStatus.Forbidden, "connection limit reached")]
    [InlineData("30-listclients-nosource.hdr", "30-listclients-nosource.body", MountStatus.Offline, "Source does not exist")]
    [InlineData("00-nosource.listclients-live.mp3.xml.hdr", "00-nosource.listclients-live.mp3.xml", MountStatus.Offline, "Source does not exist")]
    [InlineData("30-listclients-nomount.hdr", "30-listclients-nomount.body", MountStatus.HttpError, "Unknown admin request")]
    public async Task Recorded_error_answers_become_a_status_with_their_cause(string header, string body, string status, string detailPart)
    {
        var result = await Client(RecordedResponseHandler.FromSample(header, body)).ListClientsAsync(Server, "/live.mp3", default);

        Assert.False(result.IsSuccess);
        Assert.Equal(status, result.Status);
        Assert.Contains(detailPart, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recorded_success_is_parsed()
    {
        var handler = RecordedResponseHandler.FromSample("04-several.listclients-live.mp3.xml.hdr", "04-several.listclients-live.mp3.xml");

        var result = await Client(handler).ListClientsAsync(Server, "/live.mp3", default);

        Assert.True(result.IsSuccess);
        Assert.Equal(5, result.Value!.Listeners.Count);
    }

    [Fact]
    public async Task A_truncated_answer_is_malformed_and_its_cause_quotes_no_listener_data()
    {
        var full = File.ReadAllBytes(SharedData.Sample("04-several.listclients-live.mp3.xml"));
        var cut = Encoding.UTF8.GetString(full).IndexOf("127.0.0.3", StringComparison.Ordinal) + 5;
        var handler = new RecordedResponseHandler(SharedData.Sample("04-several.listclients-live.mp3.xml.hdr"), full[..cut]);

        var result = await Client(handler).ListClientsAsync(Server, "/live.mp3", default);

        Assert.Equal(MountStatus.Malformed, result.Status);
        Assert.Contains("line", result.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_over_the_cap_is_oversized()
    {
        var handler = RecordedResponseHandler.FromSample("04-several.listclients-live.mp3.xml.hdr", "70-listclients-200-listeners.xml");
        var options = new IcecastOptions { MaxResponseBytes = 4096 };

        var result = await Client(handler, options).ListClientsAsync(Server, "/live.mp3", default);

        Assert.Equal(MountStatus.Oversized, result.Status);
        Assert.Contains("4096", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_connection_is_unreachable()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var server = Server with { BaseUrl = new Uri($"http://127.0.0.1:{port}") };

        var result = await Client(new SocketsHttpHandler()).ListMountsAsync(server, default);

        Assert.Equal(MountStatus.Unreachable, result.Status);
        Assert.Contains("refused", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_never_answers_times_out()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accept = silent.AcceptTcpClientAsync(); // accepts, then says nothing
        var server = Server with { BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}") };

        var result = await Client(new SocketsHttpHandler(), new IcecastOptions { RequestTimeoutSeconds = 1 }).ListMountsAsync(server, default);

        Assert.Equal(MountStatus.Timeout, result.Status);
        (await accept).Dispose();
    }

    [Fact]
    public async Task The_request_carries_basic_auth_and_the_escaped_mount()
    {
        var capture = new CapturingHandler();

        await Client(capture).ListClientsAsync(Server, "/jazz ü.ogg", default);

        Assert.Equal("http://127.0.0.1:18000/admin/listclients?mount=%2Fjazz%20%C3%BC.ogg", capture.Request!.RequestUri!.AbsoluteUri);
        Assert.Equal("Basic", capture.Request.Headers.Authorization!.Scheme);
        Assert.Equal("admin:secret", Encoding.UTF8.GetString(Convert.FromBase64String(capture.Request.Headers.Authorization.Parameter!)));
    }

    private static IcecastAdminClient Client(HttpMessageHandler handler, IcecastOptions? options = null) =>
        new(new HttpClient(handler), Options.Create(options ?? new IcecastOptions()));

    private sealed class CapturingHandler : HttpMessageHandler
    {
        public HttpRequestMessage? Request { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Request = request;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("""<?xml version="1.0"?><icestats/>"""),
            });
        }
    }
}
