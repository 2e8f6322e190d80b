using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Asteroid.Silo.Operations;

/// <summary>Who may read <c>/metrics</c> (server ids and counters): with <c>Metrics:RequireAuth</c>
/// (default true) a request must present a key — <c>Authorization: Bearer &lt;key&gt;</c> (what
/// Prometheus' <c>authorization</c> setting sends) or <c>X-Api-Key</c> — from <c>Metrics:ApiKeys</c> or
/// <c>Auth:ApiKeys</c>, or be signed in on the web host (an admin cookie or a dashboard-created key).
/// Loopback gets no exemption: a reverse proxy on the same host would make every caller loopback.
/// <c>/health/*</c> stays anonymous.</summary>
public static class MetricsAccess
{
    public const string Section = "Metrics";

    public static TBuilder RequireMetricsAccess<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            var inner = endpoint.RequestDelegate!;
            endpoint.RequestDelegate = async context =>
            {
                if (IsAllowed(context))
                {
                    await inner(context);
                    return;
                }

                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer realm=\"asteroid-metrics\"";
                context.Response.ContentType = "application/problem+json";
                await context.Response.WriteAsync(
                    """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.2","title":"Metrics need a key","status":401,"detail":"Send Authorization: Bearer <key> or X-Api-Key with a key from Metrics:ApiKeys or Auth:ApiKeys (or set Metrics:RequireAuth=false)."}""");
            };
        });
        return builder;
    }

    public static bool IsAllowed(HttpContext context)
    {
        var config = context.RequestServices.GetRequiredService<IConfiguration>();
        if (!config.GetValue($"{Section}:RequireAuth", true) || context.User.Identity?.IsAuthenticated == true)
        {
            return true;
        }

        var presented = Presented(context.Request);
        if (presented is null)
        {
            return false;
        }

        var bytes = Encoding.UTF8.GetBytes(presented);
        var match = false;
        foreach (var key in Keys(config))
        {
            match |= CryptographicOperations.FixedTimeEquals(bytes, Encoding.UTF8.GetBytes(key));
        }

        return match;
    }

    /// <summary>The key in <c>X-Api-Key</c> or a bearer <c>Authorization</c> header.</summary>
    public static string? Presented(HttpRequest request)
    {
        if (request.Headers.TryGetValue("X-Api-Key", out var header) && !string.IsNullOrEmpty(header))
        {
            return header.ToString();
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }

    private static IEnumerable<string> Keys(IConfiguration config) =>
        config.GetSection($"{Section}:ApiKeys").Get<string[]>()?.Concat(config.GetSection("Auth:ApiKeys").Get<string[]>() ?? [])
        ?? config.GetSection("Auth:ApiKeys").Get<string[]>()
        ?? [];
}
