using Asteroid.IntegrationTests.Infrastructure;

namespace Asteroid.IntegrationTests.Foundation;

/// <summary>Configuration mistakes stop the host at start with a message that names the key.</summary>
public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("Privacy:HashKey", "", "Privacy:HashKey")]
    [InlineData("Auth:ApiKeys:0", "short", "Auth:ApiKeys")]
    [InlineData("Icecast:Servers:0:Id", "Bad Id", "Icecast:Servers:0:Id")]
    public async Task A_missing_or_invalid_setting_fails_start_up_naming_it(string key, string value, string named)
    {
        await using var database = TestDatabase.Create();
        var settings = new Dictionary<string, string?> { [key] = value };
        if (key.StartsWith("Icecast", StringComparison.Ordinal))
        {
            settings["Icecast:Servers:0:BaseUrl"] = "http://127.0.0.1:9";
        }

        await using var app = new AsteroidApp(database, settings);

        var error = Assert.ThrowsAny<Exception>(() => app.Server);
        Assert.Contains(named, error.ToString(), StringComparison.Ordinal);
    }
}
