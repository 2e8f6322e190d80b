using Asteroid.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Asteroid.Samples.StatsClient;

public static class ClientHosting
{
    /// <summary>An Orleans client that finds the cluster's gateways in the PostgreSQL membership table:
    /// <c>ConnectionStrings:Asteroid</c>, <c>Orleans:ClusterId</c>, <c>Orleans:ServiceId</c>; with the
    /// cluster's event streams (<see cref="AsteroidStreams"/>) to subscribe to.</summary>
    public static IHostApplicationBuilder AddAsteroidClient(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Asteroid")
            ?? throw new InvalidOperationException("ConnectionStrings:Asteroid is not set (the cluster's PostgreSQL)");
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = builder.Configuration["Orleans:ClusterId"] ?? "asteroid";
                o.ServiceId = builder.Configuration["Orleans:ServiceId"] ?? "asteroid";
            });
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            });
            client.AddMemoryStreams(AsteroidStreams.Provider);
        });
        return builder;
    }
}
