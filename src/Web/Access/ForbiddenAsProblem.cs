using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Asteroid.Web.Access;

/// <summary>An authenticated caller refused by a policy gets a 403 ProblemDetails naming why (the
/// default is an empty 403 from the scheme).</summary>
public sealed class ForbiddenAsProblem : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult) =>
        authorizeResult.Forbidden && context.User.Identity?.IsAuthenticated == true
            ? EndpointAccess.WriteForbiddenAsync(context, "This needs the admin role.")
            : _default.HandleAsync(next, context, policy, authorizeResult);
}
