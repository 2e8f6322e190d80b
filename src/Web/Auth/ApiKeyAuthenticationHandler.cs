using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Asteroid.Web.Auth;

/// <summary>Accepts a configured key from the <c>X-Api-Key</c> header. Browsers cannot set headers on
/// WebSockets, so on the hub path the key may also come as <c>access_token</c> (what the SignalR
/// client sends) or as a bearer token. Keys are compared in constant time.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<AuthOptions> auth,
    ApiKeyCache createdKeys,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey(Request);
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }

        var presentedBytes = Encoding.UTF8.GetBytes(presented);
        var match = false;
        foreach (var key in auth.CurrentValue.ApiKeys)
        {
            match |= CryptographicOperations.FixedTimeEquals(presentedBytes, Encoding.UTF8.GetBytes(key));
        }

        Claim[] claims;
        if (match)
        {
            // Keys from configuration are the operator's own: admin keys.
            claims = [new Claim(ClaimTypes.Name, "api-key"), .. Access.AccessClaims.For(Access.Grants.Admin)];
        }
        else if (await createdKeys.FindAsync(presented) is { } created)
        {
            var grants = Access.Grants.Of(created.EffectiveRole, created.Stations, created.Groups);
            claims = [new Claim(ClaimTypes.Name, created.Name), new Claim(ClaimTypes.NameIdentifier, created.Id), .. Access.AccessClaims.For(grants)];
        }
        else
        {
            return AuthenticateResult.Fail("invalid API key");
        }

        var identity = new ClaimsIdentity(claims, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        await WriteUnauthorizedAsync(problems, Context);
    }

    public static Task WriteUnauthorizedAsync(IProblemDetailsService problems, HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "API key or sign-in required",
                Detail = $"Send a valid key in the {HeaderName} header (Auth:ApiKeys or one created on the dashboard), or sign in as an admin.",
            },
        }).AsTask();
    }

    /// <summary>The key a request presents, if any (this decides between key and cookie sign-in).</summary>
    public static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue(HeaderName, out var header) && !string.IsNullOrEmpty(header))
        {
            return header.ToString();
        }

        if (request.Path.StartsWithSegments(Live.StatsHub.Path) || request.Path.StartsWithSegments("/metrics")) // Prometheus sends a bearer token
        {
            var authorization = request.Headers.Authorization.ToString();
            if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                return authorization["Bearer ".Length..].Trim();
            }

            if (request.Query.TryGetValue("access_token", out var token) && !string.IsNullOrEmpty(token))
            {
                return token.ToString();
            }
        }

        return null;
    }
}
