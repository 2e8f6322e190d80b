using System.Diagnostics;
using System.Globalization;

namespace Asteroid.IntegrationTests.Infrastructure;

/// <summary>A web+silo node as its own OS process (the built src/Web), so a test can kill it with
/// SIGKILL. Joins the cluster of a <see cref="TestDatabase"/>; stopped by PID.</summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private const int KeptLines = 120;
    private readonly Process _process;
    private readonly Queue<string> _recent = new();

    private NodeProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    /// <summary>The node's last log lines (warnings and errors: nodes log at Warning), for a failure message.</summary>
    public string RecentOutput()
    {
        lock (_recent)
        {
            return (_process.HasExited ? $"(exit code {_process.ExitCode})\n" : "") + string.Join('\n', _recent);
        }
    }

    private void Keep(string? line)
    {
        var trimmed = line?.TrimStart();
        if (line is null || trimmed!.StartsWith("at ", StringComparison.Ordinal) || trimmed.StartsWith("--- End", StringComparison.Ordinal))
        {
            return; // stack frames would push the messages out
        }

        lock (_recent)
        {
            _recent.Enqueue(line);
            while (_recent.Count > KeptLines)
            {
                _recent.Dequeue();
            }
        }
    }

    public Uri Url { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public static async Task<NodeProcess> StartAsync(TestDatabase database)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Asteroid.Web.dll");
        var port = FreePort.Next();
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        info.ArgumentList.Add(dll);
        var env = info.Environment;
        env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        env["ASPNETCORE_ENVIRONMENT"] = "Testing";
        env["ConnectionStrings__Asteroid"] = database.ConnectionString;
        env["Database__CreateDatabase"] = "true";
        env["Orleans__ClusterId"] = database.Name;
        env["Orleans__ServiceId"] = database.Name;
        env["Orleans__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        env["Orleans__GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        env["Orleans__MinimumReminderPeriod"] = "00:00:05";
        env["Orleans__KeepAlive__ReminderPeriod"] = "00:00:05";
        env["Auth__ApiKeys__0"] = AsteroidApp.ApiKey;
        env["Privacy__HashKey"] = AsteroidApp.HashKey;
        env["Icecast__RequestTimeoutSeconds"] = "2";
        env["Logging__LogLevel__Default"] = "Warning";
        env["Logging__LogLevel__Orleans.Runtime.MembershipService"] = "Information"; // who declared whom dead, in a failure message
        env["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start a node");
        var node = new NodeProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => node.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => node.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        await Eventually.Get(async () =>
        {
            try
            {
                return (await http.GetAsync(new Uri(node.Url, "/health/ready"))).IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false; // not listening yet, or too slow to answer on a loaded machine: ask again until the deadline
            }
        }, ready => ready || process.HasExited, TimeSpan.FromSeconds(60), $"node on port {port} is ready");
        return process.HasExited ? throw new InvalidOperationException("the node exited at start") : node;
    }

    public HttpClient Client()
    {
        var client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Add("X-Api-Key", AsteroidApp.ApiKey);
        return client;
    }

    /// <summary>SIGTERM: a graceful stop (grains deactivate, buffers flush), waited for.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>SIGKILL: no shutdown, no flush — a crash.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
        await Task.CompletedTask;
    }
}
