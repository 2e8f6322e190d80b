using Asteroid.Hosting;

// A silo without the web front: joins the same cluster through PostgreSQL membership and takes
// its share of server, mount and aggregate grains. It serves only /health/* and /metrics.
var builder = WebApplication.CreateBuilder(args);
builder.AddAsteroidSilo();
builder.AddAsteroidOperations();

var app = builder.Build();
app.MapAsteroidOperations();
app.Run();
