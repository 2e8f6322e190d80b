using Microsoft.AspNetCore.Http.HttpResults;

namespace Asteroid.Web.Access.Audit;

/// <summary><c>GET /api/asteroid/admin/audit?limit=100&amp;before={id}</c>: admin changes, newest first.</summary>
public static class AuditApi
{
    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder api)
    {
        api.MapGet("/admin/audit", async Task<Results<Ok<AuditPage>, ValidationProblem>> (int? limit, long? before, AuditLog audit) =>
            limit is < 1 or > AuditLog.MaxLimit || before is < 1
                ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"limit is 1-{AuditLog.MaxLimit} (default 100); before is an entry id"] })
                : TypedResults.Ok(await audit.ReadAsync(limit ?? 100, before)))
            .WithName("GetAuditLog").AdminOnly();
        return api;
    }
}
