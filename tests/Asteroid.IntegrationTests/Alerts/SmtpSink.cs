using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using MimeKit;

namespace Asteroid.IntegrationTests.Alerts;

/// <summary>Debian's aiosmtpd as a local SMTP server on loopback (<c>python3 -m aiosmtpd -n</c>: its
/// debugging handler prints every message it receives); the printed messages parsed back with MimeKit.</summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private const string Begin = "---------- MESSAGE FOLLOWS ----------";
    private const string End = "------------ END MESSAGE ------------";
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private SmtpSink(int port)
    {
        Port = port;
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-u", "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _lines.Enqueue(e.Data);
            }
        };
        _process.BeginOutputReadLine();
    }

    public int Port { get; }

    /// <summary>Starts aiosmtpd; deliveries to it are retried until it listens.</summary>
    public static SmtpSink Start(int port) => new(port);

    /// <summary>The messages received so far, parsed.</summary>
    public IReadOnlyList<MimeMessage> Messages()
    {
        var messages = new List<MimeMessage>();
        StringBuilder? current = null;
        foreach (var line in _lines.ToArray())
        {
            if (line == Begin)
            {
                current = new StringBuilder();
            }
            else if (line == End && current is not null)
            {
                using var stream = new MemoryStream(Encoding.UTF8.GetBytes(current.ToString()));
                messages.Add(MimeMessage.Load(stream));
                current = null;
            }
            else if (current is { Length: 0 } && (line.Length == 0 || line.StartsWith("mail options:", StringComparison.Ordinal) || line.StartsWith("rcpt options:", StringComparison.Ordinal)))
            {
                // The handler's envelope lines and their separator, before the message itself.
            }
            else
            {
                current?.Append(line).Append("\r\n");
            }
        }

        return messages;
    }

    public string Output => string.Join("\n", _lines);

    public async ValueTask DisposeAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
