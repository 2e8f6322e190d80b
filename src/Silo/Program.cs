using Asteroid.Hosting;

// A silo without the web front: joins the same cluster through PostgreSQL membership and takes
// its share of server and mount grains.
var builder = Host.CreateApplicationBuilder(args);
builder.AddAsteroidSilo();
builder.Build().Run();
