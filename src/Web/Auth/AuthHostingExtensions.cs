using Microsoft.AspNetCore.Authentication;

namespace Asteroid.Web.Auth;

public static class AuthHostingExtensions
{
    public static IHostApplicationBuilder AddAsteroidAuth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.ApiKeys.All(k => k.Length >= 16), "every Auth:ApiKeys entry must be at least 16 characters")
            .ValidateOnStart();
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        return builder;
    }
}
