using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Asteroid.Silo.Database;

/// <summary>Runs the migrations in the host's "starting" phase, before any hosted service (the
/// Orleans silo included) starts: clustering, storage and reminders find their tables.</summary>
internal sealed class MigrateOnStartService(MigrationRunner runner, IOptions<DatabaseOptions> options, ConnectionString connection)
    : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (options.Value.CreateDatabase)
        {
            await MigrationRunner.EnsureDatabaseExistsAsync(connection.Value, cancellationToken);
        }

        if (options.Value.MigrateOnStart)
        {
            await runner.ApplyAsync(cancellationToken);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The validated <c>ConnectionStrings:Asteroid</c>.</summary>
public sealed record class ConnectionString(string Value);
