using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace Asteroid.Silo.Hosting;

/// <summary>The silo-only host's address for local runs, beside a web node on 5080: used only when
/// nothing configures one (<c>ASPNETCORE_URLS</c>/<c>Urls</c>, <c>ASPNETCORE_HTTP_PORTS</c>, or
/// <c>Kestrel:Endpoints</c> as the Kubernetes manifests set). It is not in appsettings.json, where
/// a <c>Urls</c> entry would override <c>ASPNETCORE_URLS</c>.</summary>
public static class LocalAddress
{
    public const string Default = "http://127.0.0.1:5081";

    public static WebApplicationBuilder UseLocalAddressUnlessConfigured(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var configured = !string.IsNullOrEmpty(configuration[WebHostDefaults.ServerUrlsKey])
            || !string.IsNullOrEmpty(configuration[WebHostDefaults.HttpPortsKey])
            || !string.IsNullOrEmpty(configuration[WebHostDefaults.HttpsPortsKey])
            || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();
        if (!configured)
        {
            builder.WebHost.UseUrls(Default);
        }

        return builder;
    }
}
