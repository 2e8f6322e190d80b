using System.Net;
using Asteroid.IntegrationTests.Infrastructure;

namespace Asteroid.IntegrationTests.Dashboard;

/// <summary>On its own host: the lockout it causes would refuse the other sign-in tests.</summary>
public sealed class LoginThrottleTests(AdminSignInTests.Fixture fixture) : IClassFixture<AdminSignInTests.Fixture>
{
    [Fact]
    public async Task Failed_sign_ins_are_throttled_even_for_the_right_password_afterwards()
    {
        using var client = fixture.App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = true });
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var attempt = await AdminSignInTests.PostJsonAsync(client, "/api/asteroid/auth/login", new { user = "mallory", password = "guess" + i }, await AdminSignInTests.TokenAsync(client));
            statuses.Add(attempt.StatusCode);
        }

        using var right = await AdminSignInTests.PostJsonAsync(client, "/api/asteroid/auth/login", new { user = "mallory", password = "anything" }, await AdminSignInTests.TokenAsync(client));

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.NotNull(right.Headers.RetryAfter);
    }

}
