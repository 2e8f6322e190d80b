using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Asteroid.Web.Access;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Asteroid.Web.Auth;

/// <summary>Two ways in: an API key (<c>X-Api-Key</c>, for services) or an admin's sign-in cookie (the
/// dashboard). A request carrying a key is judged by the key; any other by the cookie. Requests
/// signed in by cookie that change something must carry the anti-forgery token.</summary>
public static class AuthHostingExtensions
{
    public const string Scheme = "Asteroid";

    public static IHostApplicationBuilder AddAsteroidAuth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.Section)
            .Validate(o => o.ApiKeys.All(k => k.Length >= 16), "every Auth:ApiKeys entry must be at least 16 characters")
            .Validate(o => o.ApiKeys.Count + o.Admins.Count > 0,
                "configure Auth:ApiKeys (environment Auth__ApiKeys__0=…) or Auth:Admins; ./run.sh generates both under .data/")
            .Validate(o => o.Admins.All(a => a.User.Length > 0 && PasswordHash.IsWellFormed(a.PasswordHash)),
                "every Auth:Admins entry needs User and a PasswordHash from 'Asteroid.Web hash-password'")
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ApiKeyCache>();
        builder.Services.AddSingleton<LoginThrottle>();
        builder.Services.AddSingleton<UserCache>();
        builder.Services.AddSingleton<UserPasswords>();
        builder.Services.AddSingleton<Access.AccessRulesSource>();
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, Access.ForbiddenAsProblem>();
        builder.Services.AddSingleton<Access.Audit.AuditLog>();
        // Data Protection (the cookie's keys) is set up by the co-hosted silo: AddAsteroidSilo.
        builder.Services.AddAntiforgery(o => o.HeaderName = "X-CSRF-TOKEN");
        builder.Services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, null, o => o.ForwardDefaultSelector = context =>
                ApiKeyAuthenticationHandler.PresentedKey(context.Request) is not null
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddCookie(o =>
            {
                o.Cookie.Name = "asteroid.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = context => ApiKeyAuthenticationHandler.WriteUnauthorizedAsync(
                    context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>(), context.HttpContext);
                o.Events.OnRedirectToAccessDenied = context => Access.EndpointAccess.WriteForbiddenAsync(context.HttpContext, "This needs the admin role.");
                o.Events.OnValidatePrincipal = CookiePrincipals.ValidateAsync;
            });
        builder.Services.AddAuthorizationBuilder().AddAsteroidPolicies();
        return builder;
    }

    /// <summary>Refuses cookie-signed-in requests that change state without the anti-forgery header.
    /// SignalR's negotiate POST changes nothing and cannot carry the header; it is exempt.</summary>
    public static IApplicationBuilder UseAntiforgeryForCookies(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var method = context.Request.Method;
        if (context.User.Identity is { IsAuthenticated: true, AuthenticationType: CookieAuthenticationDefaults.AuthenticationScheme }
            && !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !HttpMethods.IsOptions(method)
            && !context.Request.Path.StartsWithSegments(Live.StatsHub.Path)
            && !await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = 400, Title = "Missing anti-forgery token", Detail = "Send the X-CSRF-TOKEN header from /api/asteroid/auth/antiforgery." },
            });
            return;
        }

        await next();
    });
}
