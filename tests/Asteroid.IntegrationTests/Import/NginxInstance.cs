using System.Diagnostics;
using Asteroid.Testing;

namespace Asteroid.IntegrationTests.Import;

/// <summary>A real nginx (Debian's) on a free loopback port, in the foreground (<c>daemon off</c>,
/// no master process), with its own prefix folder: config, access log and web root. Started here and
/// stopped here, by PID.</summary>
public sealed class NginxInstance : IAsyncDisposable
{
    private readonly Process _nginx;

    private NginxInstance(string dir, int port, Process nginx)
    {
        Directory = dir;
        Port = port;
        _nginx = nginx;
    }

    public string Directory { get; }

    public int Port { get; }

    public string WebRoot => Path.Combine(Directory, "www");

    public string AccessLog => Path.Combine(Directory, "access.log");

    /// <param name="logFormat">the <c>log_format</c> of the access log (single quotes not allowed)</param>
    /// <param name="locations">extra <c>location</c> blocks of the server</param>
    public static async Task<NginxInstance> StartAsync(string logFormat, string locations = "")
    {
        var dir = Path.Combine(Path.GetTempPath(), "asteroid-nginx-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(Path.Combine(dir, "www"));
        System.IO.Directory.CreateDirectory(Path.Combine(dir, "tmp"));
        var port = FreePort.Next();
        await File.WriteAllTextAsync(Path.Combine(dir, "nginx.conf"), $$"""
            daemon off;
            master_process off;
            pid {{dir}}/nginx.pid;
            error_log {{dir}}/error.log warn;
            events { worker_connections 64; }
            http {
                types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; audio/mpeg mp3; }
                log_format asteroid '{{logFormat}}';
                access_log {{dir}}/access.log asteroid;
                client_body_temp_path {{dir}}/tmp/body;
                proxy_temp_path {{dir}}/tmp/proxy;
                fastcgi_temp_path {{dir}}/tmp/fastcgi;
                uwsgi_temp_path {{dir}}/tmp/uwsgi;
                scgi_temp_path {{dir}}/tmp/scgi;
                server {
                    listen 127.0.0.1:{{port}};
                    root {{dir}}/www;
                    {{locations}}
                }
            }
            """);
        var start = new ProcessStartInfo("nginx") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-p", dir, "-e", Path.Combine(dir, "error.log"), "-c", Path.Combine(dir, "nginx.conf") })
        {
            start.ArgumentList.Add(arg);
        }

        var nginx = Process.Start(start)!;
        var instance = new NginxInstance(dir, port, nginx);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.Get(async () =>
        {
            if (nginx.HasExited)
            {
                throw new InvalidOperationException("nginx exited: " + await File.ReadAllTextAsync(Path.Combine(dir, "error.log")));
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
        }, up => up, TimeSpan.FromSeconds(15), $"nginx answers on port {port}");
        return instance;
    }

    public ValueTask DisposeAsync()
    {
        if (!_nginx.HasExited)
        {
            _nginx.Kill();
            _nginx.WaitForExit(5000);
        }

        _nginx.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a file still open; the temp folder is cleaned later
        }

        return ValueTask.CompletedTask;
    }
}
