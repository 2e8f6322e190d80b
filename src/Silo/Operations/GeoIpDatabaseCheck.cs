using Asteroid.Enrichment;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Asteroid.Silo.Operations;

/// <summary>Readiness: every configured City database (<c>GeoIp:CityDatabase</c>,
/// <c>GeoIp:CityDatabaseV6</c>) can be read now and opens as a database. Without this a pod whose
/// GeoIP volume is missing would report ready while every mount activation and hook fails. No
/// database configured: healthy (locations stay unknown, as documented).</summary>
internal sealed class GeoIpDatabaseCheck(IOptions<GeoIpOptions> options, IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        foreach (var path in new[] { o.CityDatabase, o.CityDatabaseV6 }.Where(p => !string.IsNullOrWhiteSpace(p)))
        {
            try
            {
                using var file = new FileStream(path!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
                _ = file.ReadByte();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy($"GeoIP database {path} cannot be read: {ex.Message}"));
            }
        }

        try
        {
            // The lookup opens its databases once; a failure is not cached, so this recovers when the file appears.
            _ = services.GetRequiredService<GeoIpLookup>();
            return Task.FromResult(HealthCheckResult.Healthy());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"GeoIP database does not open: {ex.Message}"));
        }
    }
}
