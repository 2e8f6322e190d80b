using Asteroid.Silo.Database;
using Asteroid.Silo.Hosting;
using Asteroid.Silo.Operations;

namespace Asteroid.Silo;

/// <summary>The silo without the web front: joins the same cluster through PostgreSQL membership and
/// takes its share of server, mount and aggregate grains; serves only /health/* and /metrics.
/// <c>Asteroid.Silo migrate</c> applies the database migrations and exits (a deployment's migration Job).</summary>
public static class Program
{
    public static async Task Main(string[] args)
    {
        if (await MigrateCommand.TryRunAsync(args))
        {
            return;
        }

        var builder = WebApplication.CreateBuilder(args);
        builder.UseLocalAddressUnlessConfigured();
        builder.AddAsteroidSilo();
        builder.AddAsteroidOperations();

        var app = builder.Build();
        app.MapAsteroidOperations();
        await app.RunAsync();
    }
}
