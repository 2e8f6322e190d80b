using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Asteroid.Silo.Database;

/// <summary><c>migrate</c>: applies the embedded migrations to <c>ConnectionStrings:Asteroid</c>
/// (creating the database first when <c>Database:CreateDatabase</c> is true) and exits with 0, or
/// with 1 and the cause. Reads configuration as the host does (appsettings, environment, arguments).</summary>
public static partial class MigrateCommand
{
    public static async Task<bool> TryRunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] != "migrate")
        {
            return false;
        }

        var builder = Host.CreateApplicationBuilder(args[1..]);
        var connectionString = builder.Configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            await Console.Error.WriteLineAsync("migrate: ConnectionStrings:Asteroid is not set (environment ConnectionStrings__Asteroid)");
            Environment.ExitCode = 1;
            return true;
        }

        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        builder.Services.AddSingleton<MigrationRunner>();
        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MigrateCommand));
        try
        {
            if (builder.Configuration.GetValue<bool>("Database:CreateDatabase"))
            {
                await MigrationRunner.EnsureDatabaseExistsAsync(connectionString, CancellationToken.None);
            }

            var applied = await host.Services.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
            LogDone(logger, applied, MigrationRunner.Migrations[^1].Version);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            LogFailed(logger, ex);
            Environment.ExitCode = 1;
        }

        return true;
    }

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "migrate: {Applied} migration(s) applied; the schema is at version {Version}")]
    private static partial void LogDone(ILogger logger, int applied, int version);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Error, Message = "migrate: failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
