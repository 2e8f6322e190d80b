using System.Diagnostics;

namespace Asteroid.IntegrationTests.Infrastructure;

/// <summary>A PostgreSQL server of one test's own (scripts/lib.sh pg_start in a temporary folder),
/// so that test can stop and start it without disturbing the others.</summary>
public sealed class DedicatedPostgres : IAsyncDisposable
{
    private DedicatedPostgres(string dir, int port)
    {
        Directory = dir;
        Port = port;
    }

    public string Directory { get; }

    public int Port { get; }

    public string Server => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Timeout=3;Command Timeout=5";

    public static async Task<DedicatedPostgres> StartAsync()
    {
        var pg = new DedicatedPostgres(Path.Combine(Path.GetTempPath(), "asteroid-pg-" + Guid.NewGuid().ToString("N")[..8]), FreePort.Next());
        System.IO.Directory.CreateDirectory(pg.Directory);
        await pg.RunAsync($"pg_start '{pg.Directory}' {pg.Port}");
        return pg;
    }

    public Task StartAgainAsync() => RunAsync($"pg_start '{Directory}' {Port}");

    public Task StopAsync() => RunAsync($"pg_stop '{Directory}'");

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private async Task RunAsync(string command)
    {
        var info = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"source '{RepoPaths.Script("lib.sh")}' && ASTEROID_PG_FSYNC=off {command}");
        using var process = Process.Start(info)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} failed: {error}");
        }
    }
}
