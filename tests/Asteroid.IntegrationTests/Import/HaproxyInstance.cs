using System.Collections.Concurrent;
using System.Diagnostics;
using Asteroid.Testing;

namespace Asteroid.IntegrationTests.Import;

/// <summary>A real HAProxy (Debian's) in the foreground (<c>-db</c>) on a free loopback port, in
/// front of one HTTP backend, <c>option httplog</c> with the user agent captured, logging to its
/// standard output (collected in <see cref="LogLines"/>). Started here and stopped here, by PID.</summary>
public sealed class HaproxyInstance : IAsyncDisposable
{
    private readonly Process _haproxy;
    private readonly string _dir;

    private HaproxyInstance(string dir, int port, Process haproxy)
    {
        _dir = dir;
        Port = port;
        _haproxy = haproxy;
    }

    public int Port { get; }

    /// <summary>The folder of its configuration (a stats socket can be put there).</summary>
    public string Folder => _dir;

    public ConcurrentQueue<string> LogLines { get; } = new();

    /// <param name="frontend">extra lines of the frontend (e.g. <c>option forwardfor</c>, a stick table's <c>http-request track-sc0</c>)</param>
    /// <param name="global">extra lines of the global section (e.g. a <c>stats socket</c>)</param>
    /// <param name="extra">extra sections (e.g. a backend holding a stick table)</param>
    /// <param name="backendSource">the loopback address HAProxy connects to the backend from (default: the kernel's choice, 127.0.0.1)</param>
    public static async Task<HaproxyInstance> StartAsync(int backendPort, string frontend = "", string global = "", string extra = "", string? backendSource = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "asteroid-haproxy-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var port = FreePort.Next();
        var config = Path.Combine(dir, "haproxy.cfg");
        await File.WriteAllTextAsync(config, $"""
            global
                log stdout format raw local0 info
            {global}
            defaults
                mode http
                log global
                option httplog
                timeout connect 5s
                timeout client 60s
                timeout server 60s
            frontend listeners
                bind 127.0.0.1:{port}
                http-request capture req.hdr(User-Agent) len 200
            {frontend}
                default_backend web
            backend web
                server web1 127.0.0.1:{backendPort}{(backendSource is null ? "" : " source " + backendSource)}
            {extra}

            """); // HAProxy refuses a last line without its LF
        var start = new ProcessStartInfo("haproxy") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-db", "-f", config })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["TZ"] = "UTC"; // HAProxy logs local time without a zone
        var haproxy = Process.Start(start)!;
        var instance = new HaproxyInstance(dir, port, haproxy);
        haproxy.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                instance.LogLines.Enqueue(line);
            }
        };
        var errors = new ConcurrentQueue<string>();
        haproxy.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                errors.Enqueue(line);
            }
        };
        haproxy.BeginOutputReadLine();
        haproxy.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.Get(async () =>
        {
            if (haproxy.HasExited)
            {
                throw new InvalidOperationException($"haproxy exited with {haproxy.ExitCode}: {string.Join('\n', errors)}");
            }

            try
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{port}/");
                return true;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, up => up, TimeSpan.FromSeconds(15), $"haproxy answers on port {port}");
        return instance;
    }

    public ValueTask DisposeAsync()
    {
        if (!_haproxy.HasExited)
        {
            _haproxy.Kill();
            _haproxy.WaitForExit(5000);
        }

        _haproxy.Dispose();
        Directory.Delete(_dir, recursive: true);
        return ValueTask.CompletedTask;
    }
}
