using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Asteroid.Testing;

/// <summary>A real Icecast 2 on a free loopback port with its own config and log folder, real ffmpeg
/// sources and curl listeners (each with its own 127.0.0.x address and a player user agent).
/// Every process is started here and stopped here, by PID.</summary>
public sealed class IcecastInstance : IAsyncDisposable
{
    public const string AdminUser = "admin";

    private readonly List<Process> _processes = [];
    private Process _icecast;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private IcecastInstance(string dir, int port, string adminPassword, string sourcePassword, Process icecast)
    {
        Directory = dir;
        Port = port;
        AdminPassword = adminPassword;
        SourcePassword = sourcePassword;
        _icecast = icecast;
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AdminUser}:{adminPassword}")));
    }

    public string Directory { get; }

    public int Port { get; }

    public string AdminPassword { get; }

    public string SourcePassword { get; }

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}");

    /// <param name="mountsXml">extra configuration, e.g. a &lt;mount&gt; with push hooks</param>
    /// <param name="port">a port chosen in advance (see <see cref="FreePort"/>), when the app must know it first</param>
    public static async Task<IcecastInstance> StartAsync(string mountsXml = "", int? port = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "asteroid-icecast-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(dir);
        var listenPort = port ?? FreePort.Next();
        var mountsFile = Path.Combine(dir, "mounts.xml");
        await File.WriteAllTextAsync(mountsFile, mountsXml);
        var admin = "admin-" + Guid.NewGuid().ToString("N")[..12];
        var source = "source-" + Guid.NewGuid().ToString("N")[..12];
        await RunAsync("bash", "-c", $"source '{RepoPaths.Script("lib.sh")}' && icecast_config '{dir}' {listenPort} '{admin}' '{source}' \"$(cat '{mountsFile}')\"");
        var icecast = Start("icecast2", "-c", Path.Combine(dir, "icecast.xml"));
        var instance = new IcecastInstance(dir, listenPort, admin, source, icecast);
        await Eventually.Get(instance.AnswersAsync, up => up, TimeSpan.FromSeconds(15), $"Icecast answers on port {listenPort}");
        return instance;
    }

    /// <summary>Stops Icecast with SIGTERM (it closes every connection, sources included) and starts it
    /// again on the same port and configuration: a new process start time, client IDs from 1 again.</summary>
    public async Task RestartAsync()
    {
        var stats = await AdminAsync("admin/stats");
        Stop(_icecast);
        _icecast.Dispose();
        _icecast = Start("icecast2", "-c", Path.Combine(Directory, "icecast.xml"));
        await Eventually.Get(async () => await AnswersAsync() && await AdminAsync("admin/stats") is var now && Started(now) != Started(stats),
            up => up, TimeSpan.FromSeconds(15), "Icecast answers again with a new start time");

        static string Started(string xml) => xml[(xml.IndexOf("<server_start_iso8601>", StringComparison.Ordinal) + 1)..][..40];
    }

    /// <summary>Starts an ffmpeg sine-wave source and waits until Icecast lists the mount.</summary>
    public async Task<Process> AddSourceAsync(string mount)
    {
        var codec = mount.EndsWith(".ogg", StringComparison.Ordinal)
            ? new[] { "-c:a", "libvorbis", "-content_type", "audio/ogg", "-f", "ogg" }
            : ["-c:a", "libmp3lame", "-b:a", "64k", "-content_type", "audio/mpeg", "-f", "mp3"];
        var ffmpeg = Track(Start("ffmpeg", ["-nostdin", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "sine=frequency=440",
            .. codec, $"icecast://source:{SourcePassword}@127.0.0.1:{Port}{mount}"]));
        await Eventually.Get(() => AdminAsync("admin/listmounts"), xml => xml.Contains($"mount=\"{mount}\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(20), $"source {mount} is listed");
        return ffmpeg;
    }

    /// <summary>Starts a curl listener from 127.0.0.<paramref name="host"/> with a player user agent.</summary>
    public Process AddListener(string mount, int host, string userAgent = "VLC/3.0.18 LibVLC/3.0.18") =>
        Track(Start("curl", "-s", "-o", "/dev/null", "--interface", $"127.0.0.{host}", "-A", userAgent, $"http://127.0.0.1:{Port}{mount}"));

    public async Task<int> ListenerCountAsync(string mount)
    {
        var xml = await AdminAsync("admin/listclients?mount=" + Uri.EscapeDataString(mount));
        return xml.Split("<listener>").Length - 1;
    }

    public async Task<string> AdminAsync(string relative)
    {
        using var response = await _http.GetAsync(new Uri(BaseUrl, relative));
        return await response.Content.ReadAsStringAsync();
    }

    public static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit(5000);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes.Append(_icecast))
        {
            try
            {
                Stop(process);
            }
            catch (InvalidOperationException)
            {
                // never started or already reaped
            }

            process.Dispose();
        }

        _http.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
        await Task.CompletedTask;
    }

    private Process Track(Process process)
    {
        _processes.Add(process);
        return process;
    }

    private async Task<bool> AnswersAsync()
    {
        try
        {
            using var response = await _http.GetAsync(BaseUrl);
            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static Process Start(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardInput = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        using var process = Start(file, args);
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}");
        }
    }
}
