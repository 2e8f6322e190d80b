using Asteroid.Silo.Database;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Asteroid.Silo.Operations;

/// <summary>Readiness: every migration this build carries is recorded in <c>schema_migrations</c>.
/// With <c>Database:MigrateOnStart</c> off (the Kubernetes Deployments) a pod of a new release stays
/// unready until the migration Job has run; pods of the previous release stay ready, as a newer
/// schema is a superset of theirs.</summary>
internal sealed class MigrationsAppliedCheck(NpgsqlDataSource db) : IHealthCheck
{
    private static readonly int[] Known = [.. MigrationRunner.Migrations.Select(m => m.Version)];

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await using var command = db.CreateCommand("SELECT array_agg(version) FROM schema_migrations WHERE version = ANY(@known)");
            command.Parameters.AddWithValue("known", Known);
            var applied = await command.ExecuteScalarAsync(timeout.Token) as int[] ?? [];
            var missing = Known.Except(applied).ToList();
            return missing.Count == 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"migrations not applied: {string.Join(", ", missing)} (run `Asteroid.Silo migrate`)");
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return HealthCheckResult.Unhealthy("no schema_migrations table: run `Asteroid.Silo migrate`");
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer", ex);
        }
    }
}
