namespace Asteroid.Web.Hosting;

/// <summary>Headers on every answer: the dashboard loads only its own scripts, styles, images and
/// connections (no inline script or style in wwwroot; charts and the map set styles through the DOM,
/// which CSP allows), may not be framed, and is not content-sniffed. The API reference under
/// <c>/scalar</c> runs an inline bootstrap script of its package, so it gets the same headers
/// without the script rule.</summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private const string ReferenceSecurityPolicy = "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/scalar") ? ReferenceSecurityPolicy : ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        return next(context);
    });
}
