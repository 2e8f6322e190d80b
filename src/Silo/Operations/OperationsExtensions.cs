using Asteroid.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OpenTelemetry.Metrics;
using Orleans.Runtime;

namespace Asteroid.Silo.Operations;

/// <summary>What an operator needs of every host: <c>/health/live</c> (the process answers; never
/// calls a grain), <c>/health/ready</c> (the silo is active, PostgreSQL answers, every migration of
/// this build is applied, a configured GeoIP database opens) and Prometheus
/// metrics at <c>/metrics</c> (the Asteroid meter, Orleans and the runtime).</summary>
public static class OperationsExtensions
{
    public const string ReadyTag = "ready";

    public static IHostApplicationBuilder AddAsteroidOperations(this IHostApplicationBuilder builder)
    {
        // Grains flush state and write buffers while the host stops; Kubernetes must wait longer than this.
        var shutdownSeconds = builder.Configuration.GetValue("Host:ShutdownTimeoutSeconds", 30);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(shutdownSeconds));
        builder.Services.AddHealthChecks()
            .AddCheck<SiloActiveCheck>("silo", tags: [ReadyTag])
            .AddCheck<DatabaseCheck>("postgresql", tags: [ReadyTag])
            .AddCheck<MigrationsAppliedCheck>("migrations", tags: [ReadyTag])
            .AddCheck<GeoIpDatabaseCheck>("geoip", tags: [ReadyTag]);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(AsteroidMetrics.MeterName, "Microsoft.Orleans", "System.Runtime")
            .AddPrometheusExporter());
        return builder;
    }

    public static IEndpointRouteBuilder MapAsteroidOperations(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains(ReadyTag) });
        app.MapPrometheusScrapingEndpoint("/metrics").RequireMetricsAccess(); // Metrics:RequireAuth (MetricsAccess)
        return app;
    }

    private sealed class SiloActiveCheck(ISiloStatusOracle oracle) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(oracle.CurrentStatus == SiloStatus.Active
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"silo is {oracle.CurrentStatus}"));
    }

    private sealed class DatabaseCheck(NpgsqlDataSource db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            try
            {
                await using var command = db.CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync(timeout.Token);
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy("PostgreSQL does not answer", ex);
            }
        }
    }
}
