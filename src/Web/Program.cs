using Asteroid.Silo.Hosting;
using Asteroid.Silo.Operations;
using Asteroid.Web.Auth;
using Asteroid.Web.Hosting;

if (PasswordHashCommand.TryRun(args))
{
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddAsteroidSilo();
builder.AddAsteroidOperations();
builder.AddAsteroidWeb();

var app = builder.Build();
app.UseAsteroidWeb();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
