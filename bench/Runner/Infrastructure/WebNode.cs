using System.Diagnostics;
using System.Globalization;
using Asteroid.Testing;

namespace Asteroid.Bench.Infrastructure;

/// <summary>The built src/Web (silo + web front) as its own process on a loopback port, configured
/// through environment variables as an operator would; its log goes to a file in the results
/// folder. Stopped by PID (SIGTERM, then SIGKILL after a minute).</summary>
public sealed class WebNode : IAsyncDisposable
{
    public const string ApiKey = "bench-api-key-0123456789abcdef0123456789abcdef";

    private readonly Process _process;

    private WebNode(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public int Pid => _process.Id;

    public static async Task<WebNode> StartAsync(BenchSettings settings, string database, string logName, IReadOnlyDictionary<string, string> configuration)
    {
        var port = FreePort.Next();
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(settings.WebDll);
        info.ArgumentList.Add("--contentRoot");
        info.ArgumentList.Add(settings.WebContentRoot);
        var env = info.Environment;
        env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        env["ASPNETCORE_ENVIRONMENT"] = "Production";
        env["DOTNET_ENVIRONMENT"] = "Production";
        env["ConnectionStrings__Asteroid"] = settings.ConnectionString(database);
        env["Database__CreateDatabase"] = "true";
        env["Orleans__ClusterId"] = database;
        env["Orleans__ServiceId"] = database;
        env["Orleans__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        env["Orleans__GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        env["Auth__ApiKeys__0"] = ApiKey;
        env["Privacy__HashKey"] = "bench-hash-key-not-secret-0123456789abcdef";
        env["DataProtection__KeysPath"] = Path.Combine(settings.ResultsFolder, "keys");
        env["Logging__LogLevel__Default"] = "Warning";
        env["Retention__RawDays"] = "400"; // keep the year of raw sessions: exact uniques, and the seed design's input
        foreach (var (key, value) in configuration)
        {
            env[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        Directory.CreateDirectory(settings.ResultsFolder);
        var log = new StreamWriter(Path.Combine(settings.ResultsFolder, logName + ".log")) { AutoFlush = true };
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start src/Web");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var node = new WebNode(process, new Uri($"http://127.0.0.1:{port}"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"src/Web exited at start; see {logName}.log in the results folder");
            }

            try
            {
                if ((await http.GetAsync(new Uri(node.Url, "/health/ready"))).IsSuccessStatusCode)
                {
                    return node;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            if (DateTime.UtcNow > deadline)
            {
                await node.DisposeAsync();
                throw new TimeoutException("src/Web was not ready within 2 minutes");
            }

            await Task.Delay(250);
        }
    }

    public HttpClient Client(TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = Url, Timeout = timeout ?? TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill!.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
            }
        }

        _process.Dispose();
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }
}
