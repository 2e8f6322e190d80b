using Asteroid.Enrichment;
using Asteroid.Web.Access;

namespace Asteroid.Web.About;

/// <summary><c>GET /api/asteroid/about</c>: the version, and what data this instance uses, with the attribution its
/// licences require (DB-IP Lite is CC BY 4.0: pages that show its locations must credit it).</summary>
public static class AboutApi
{
    /// <summary>The build's informational version (with its commit when the build stamped one).</summary>
    public static readonly string Version = typeof(AboutApi).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
        .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "unknown";

    public static IEndpointRouteBuilder MapAbout(this IEndpointRouteBuilder api)
    {
        api.MapGet("/about", (GeoIpLookup geo) =>
        {
            var types = geo.DatabaseTypes;
            var dbip = types.Any(t => t.Contains("ipv4", StringComparison.OrdinalIgnoreCase) || t.Contains("ipv6", StringComparison.OrdinalIgnoreCase)
                || t.Contains("dbip", StringComparison.OrdinalIgnoreCase));
            return TypedResults.Ok(new
            {
                version = Version,
                geoIp = new
                {
                    enabled = geo.Enabled,
                    databaseTypes = types,
                    attribution = dbip ? "IP geolocation by DB-IP (https://db-ip.com), CC BY 4.0" : null,
                    attributionUrl = dbip ? "https://db-ip.com" : null,
                },
            });
        }).AnyCaller();
        return api;
    }
}
