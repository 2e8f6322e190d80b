using Asteroid.Hosting;
using Asteroid.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddAsteroidSilo();
builder.AddAsteroidWeb();

var app = builder.Build();
app.UseAsteroidWeb();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
