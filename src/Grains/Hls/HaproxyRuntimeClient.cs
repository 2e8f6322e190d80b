using System.Net;
using System.Net.Sockets;
using System.Text;
using Asteroid.Icecast;
using Asteroid.Mounts;

namespace Asteroid.Hls;

/// <summary>One command to HAProxy's runtime API (<c>stats socket</c>) in its non-interactive mode:
/// connect, send the command line, read until HAProxy closes. The socket is a unix socket path
/// (<c>/run/haproxy/admin.sock</c>) or a loopback TCP address (<c>127.0.0.1:9999</c>); the answer is
/// capped at <see cref="MaxAnswerBytes"/>. Failures come back with the statuses of
/// <see cref="MountStatus"/> (unreachable, timeout, oversized), never as exceptions.</summary>
public sealed class HaproxyRuntimeClient
{
    public const int MaxAnswerBytes = 8 * 1024 * 1024;

    public async Task<IcecastResult<string>> SendAsync(string socket, string command, TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            EndPoint endpoint = HlsSourceRules.IsUnixSocket(socket) ? new UnixDomainSocketEndPoint(socket) : IPEndPoint.Parse(socket);
            using var s = HlsSourceRules.IsUnixSocket(socket)
                ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
                : new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp); // IPv4 or IPv6 loopback
            await s.ConnectAsync(endpoint, cts.Token);
            await s.SendAsync(Encoding.ASCII.GetBytes(command + "\n"), SocketFlags.None, cts.Token);
            var buffer = new byte[64 * 1024];
            using var answer = new MemoryStream();
            while (true)
            {
                var n = await s.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                if (n == 0)
                {
                    break;
                }

                if (answer.Length + n > MaxAnswerBytes)
                {
                    return IcecastResult<string>.Failure(MountStatus.Oversized, $"HAProxy's answer is over {MaxAnswerBytes} bytes");
                }

                answer.Write(buffer, 0, n);
            }

            return IcecastResult<string>.Success(Encoding.UTF8.GetString(answer.GetBuffer(), 0, (int)answer.Length));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return IcecastResult<string>.Failure(MountStatus.Timeout, $"no answer from HAProxy within {timeout.TotalSeconds:0.#} s");
        }
        catch (SocketException ex)
        {
            return IcecastResult<string>.Failure(MountStatus.Unreachable, $"HAProxy's stats socket: {ex.SocketErrorCode}");
        }
        catch (Exception ex) when (ex is IOException or NotSupportedException or FormatException)
        {
            return IcecastResult<string>.Failure(MountStatus.Unreachable, $"HAProxy's stats socket: {ex.GetType().Name}");
        }
    }
}
