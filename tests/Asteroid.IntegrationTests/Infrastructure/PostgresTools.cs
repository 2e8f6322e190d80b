using System.Diagnostics;
using Npgsql;

namespace Asteroid.IntegrationTests.Infrastructure;

/// <summary>PostgreSQL's client programs (pg_dump, pg_restore) against a <see cref="TestDatabase"/>, as an
/// operator runs them: from <c>ASTEROID_PG_BIN</c>, else the newest <c>/usr/lib/postgresql/*/bin</c>
/// (as scripts/lib.sh picks them), else PATH. Connection settings go through the PG* variables.</summary>
public static class PostgresTools
{
    private static readonly Lazy<string?> BinDirectory = new(Locate);

    /// <summary><c>pg_dump -Fc</c> (custom format, compressed) of the database into <paramref name="file"/>.</summary>
    public static Task DumpAsync(TestDatabase database, string file) =>
        RunAsync("pg_dump", database, "-Fc", "--no-owner", "--no-acl", "-f", file);

    /// <summary>Creates the (fresh, empty) database and <c>pg_restore</c>s the dump into it.</summary>
    public static async Task RestoreAsync(string file, TestDatabase database)
    {
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.Server) { Database = "postgres", Pooling = false }.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        await RunAsync("pg_restore", database, "--no-owner", "--no-acl", "--exit-on-error", "-d", database.Name, file);
    }

    private static async Task RunAsync(string tool, TestDatabase database, params string[] args)
    {
        var settings = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        var info = new ProcessStartInfo(BinDirectory.Value is { } bin ? Path.Combine(bin, tool) : tool)
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["PGHOST"] = settings.Host;
        info.Environment["PGPORT"] = settings.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["PGUSER"] = settings.Username;
        info.Environment["PGDATABASE"] = database.Name;
        if (!string.IsNullOrEmpty(settings.Password))
        {
            info.Environment["PGPASSWORD"] = settings.Password;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {tool}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', args)} exited with {process.ExitCode}: {await stderr}{await stdout}");
        }
    }

    private static string? Locate()
    {
        if (Environment.GetEnvironmentVariable("ASTEROID_PG_BIN") is { Length: > 0 } configured)
        {
            return configured;
        }

        const string root = "/usr/lib/postgresql";
        return Directory.Exists(root)
            ? Directory.EnumerateDirectories(root)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .Where(d => File.Exists(Path.Combine(d.Dir, "pg_restore")))
                .OrderByDescending(d => d.Version)
                .Select(d => d.Dir)
                .FirstOrDefault()
            : null;
    }
}
