using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Xml;
using Asteroid.Mounts;
using Asteroid.Servers;
using Microsoft.Extensions.Options;

namespace Asteroid.Icecast;

/// <summary>Calls an Icecast server's admin endpoints and turns every failure into a status with a
/// cause: 401, 403 (connection limit), 400 (no source), timeouts, refused connections, malformed
/// or oversized XML. Never throws for a remote problem.</summary>
public sealed class IcecastAdminClient(HttpClient http, IOptions<IcecastOptions> options)
{
    public const string HttpClientName = "icecast";

    private readonly IcecastOptions _options = options.Value;

    public Task<IcecastResult<ListClientsDocument>> ListClientsAsync(IcecastServerSettings server, string mount, CancellationToken ct) =>
        GetAsync(server, "admin/listclients?mount=" + Uri.EscapeDataString(mount), ListClientsParser.Parse, ct);

    public Task<IcecastResult<IReadOnlyList<IcecastMount>>> ListMountsAsync(IcecastServerSettings server, CancellationToken ct) =>
        GetAsync(server, "admin/listmounts", ListMountsParser.Parse, ct);

    public Task<IcecastResult<IcecastServerStats>> StatsAsync(IcecastServerSettings server, CancellationToken ct) =>
        GetAsync(server, "admin/stats", AdminStatsParser.Parse, ct);

    private async Task<IcecastResult<T>> GetAsync<T>(IcecastServerSettings server, string relative, Func<Stream, T> parse, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.RequestTimeoutSeconds));
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(WithTrailingSlash(server.BaseUrl), relative));
            request.Headers.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{server.AdminUser}:{server.AdminPassword}")));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                var body = await ReadErrorTextAsync(response, timeout.Token);
                return IcecastResult<T>.Failure(StatusOf(response.StatusCode, body), DescribeHttpError(response.StatusCode, body));
            }

            if (response.Content.Headers.ContentLength > _options.MaxResponseBytes)
            {
                return Oversized<T>();
            }

            using var buffer = new MemoryStream();
            await using (var body = await response.Content.ReadAsStreamAsync(timeout.Token))
            {
                if (!await CopyCappedAsync(body, buffer, _options.MaxResponseBytes, timeout.Token))
                {
                    return Oversized<T>();
                }
            }

            buffer.Position = 0;
            return IcecastResult<T>.Success(parse(buffer));
        }
        catch (XmlException ex)
        {
            // The position only: an XmlException message can quote document content (listener data).
            return IcecastResult<T>.Failure(MountStatus.Malformed, $"invalid XML from Icecast at line {ex.LineNumber}, position {ex.LinePosition}");
        }
        catch (OverflowException)
        {
            return IcecastResult<T>.Failure(MountStatus.Malformed, "a number in the XML from Icecast is out of range");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return IcecastResult<T>.Failure(MountStatus.Timeout, $"no answer within {_options.RequestTimeoutSeconds} s");
        }
        catch (HttpRequestException ex)
        {
            return IcecastResult<T>.Failure(MountStatus.Unreachable, DescribeConnectionError(ex));
        }
        catch (IOException ex)
        {
            return IcecastResult<T>.Failure(MountStatus.Unreachable, $"connection lost while reading: {ex.GetType().Name}");
        }
    }

    private IcecastResult<T> Oversized<T>() =>
        IcecastResult<T>.Failure(MountStatus.Oversized, $"answer larger than {_options.MaxResponseBytes} bytes (Icecast:MaxResponseBytes)");

    private static Uri WithTrailingSlash(Uri baseUrl) =>
        baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");

    private static async Task<bool> CopyCappedAsync(Stream source, Stream destination, long cap, CancellationToken ct)
    {
        var chunk = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(chunk, ct)) > 0)
        {
            total += read;
            if (total > cap)
            {
                return false;
            }

            await destination.WriteAsync(chunk.AsMemory(0, read), ct);
        }

        return true;
    }

    private static async Task<string> ReadErrorTextAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        // Icecast error pages are tiny HTML ("<b>400 - Source does not exist</b>"): keep the words.
        var plain = System.Text.RegularExpressions.Regex.Replace(text, "<[^>]*>", " ");
        plain = string.Join(' ', plain.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return plain.Length <= 200 ? plain : plain[..200];
    }

    private static string StatusOf(HttpStatusCode code, string body) => code switch
    {
        HttpStatusCode.Unauthorized => MountStatus.Unauthorized,
        HttpStatusCode.Forbidden => MountStatus.Forbidden,
        HttpStatusCode.BadRequest when body.Contains("Source does not exist", StringComparison.OrdinalIgnoreCase) => MountStatus.Offline,
        _ => MountStatus.HttpError,
    };

    private static string DescribeHttpError(HttpStatusCode code, string body) => code switch
    {
        HttpStatusCode.Unauthorized => "Icecast answered 401: check the server's adminUser and adminPassword",
        HttpStatusCode.Forbidden => $"Icecast answered 403: {(body.Length > 0 ? body : "forbidden")} (raise <limits><clients> if it is the connection limit)",
        _ => $"Icecast answered {(int)code}{(body.Length > 0 ? ": " + body : "")}",
    };

    private static string DescribeConnectionError(HttpRequestException ex) => ex.InnerException switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused (is Icecast running on that address and port?)",
        SocketException { SocketErrorCode: SocketError.HostNotFound } => "host not found",
        SocketException socket => $"network error: {socket.SocketErrorCode}",
        _ => $"HTTP error: {ex.HttpRequestError}",
    };
}
