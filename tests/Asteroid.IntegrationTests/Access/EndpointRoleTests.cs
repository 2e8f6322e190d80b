using System.Net;
using Asteroid.Web.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Asteroid.IntegrationTests.Access;

/// <summary>Every endpoint of the app, enumerated from its endpoint data source, states how it is
/// guarded; admin-only ones refuse managers and viewers with 403 ProblemDetails, scoped ones refuse
/// a scope the caller may not read and accept one it may.</summary>
public sealed class EndpointRoleTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    /// <summary>Endpoints outside the API's policy, each for a stated reason.</summary>
    private static readonly Dictionary<string, string> Exempt = new()
    {
        ["/metrics"] = "key-protected by MetricsAccess (Metrics:RequireAuth), unchanged by roles",
        ["/health/live"] = "anonymous liveness probe, answers nothing about stations",
        ["/health/ready"] = "anonymous readiness probe, answers nothing about stations",
    };

    private const string DeniedScope = "server=main&mount=/live.mp3&from=2026-11-01&to=2026-11-02&dataset=daily&minutes=10";
    private const string AllowedScope = "server=main&mount=/jazz.ogg&from=2026-11-01&to=2026-11-02&dataset=daily&minutes=10";

    private IReadOnlyList<(RouteEndpoint Endpoint, string Method, string Path)> Endpoints() =>
        [.. fixture.App.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (e, m, Path(e))))];

    private static string Path(RouteEndpoint endpoint) =>
        "/" + System.Text.RegularExpressions.Regex.Replace(endpoint.RoutePattern.RawText!.Trim('/'), @"\{[^}]*\}", "x");

    [Fact]
    public void Every_endpoint_states_its_access()
    {
        var unguarded = Endpoints()
            .Where(e => e.Endpoint.Metadata.GetMetadata<AccessMetadata>() is null && e.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null
                && !Exempt.ContainsKey(e.Path))
            .Select(e => $"{e.Method} {e.Endpoint.RoutePattern.RawText}")
            .ToList();

        Assert.True(unguarded.Count == 0, "endpoints without an access policy: " + string.Join(", ", unguarded));
        Assert.Contains(Endpoints(), e => e.Endpoint.Metadata.GetMetadata<AccessMetadata>()?.Kind == AccessKind.AdminOnly);
        Assert.Contains(Endpoints(), e => e.Endpoint.Metadata.GetMetadata<AccessMetadata>()?.Kind == AccessKind.ScopedRead);
    }

    [Fact]
    public async Task Admin_only_endpoints_refuse_managers_viewers_and_name_only_keys_with_403_problem_details()
    {
        var adminOnly = Endpoints().Where(e => e.Endpoint.Metadata.GetMetadata<AccessMetadata>()?.Kind == AccessKind.AdminOnly).ToList();
        Assert.Contains(adminOnly, e => e.Path == "/api/asteroid/admin/users/x");
        Assert.Contains(adminOnly, e => e.Path == "/api/asteroid/admin/audit");
        Assert.Contains(adminOnly, e => e.Path == "/api/asteroid/admin/servers/x");
        Assert.Contains(adminOnly, e => e.Path == "/api/asteroid/admin/api-keys");
        Assert.Contains(adminOnly, e => e.Path == "/api/asteroid/admin/reconcile");
        Assert.Contains(adminOnly, e => e.Path == "/api/asteroid/admin/import/access-log");
        foreach (var key in new[] { fixture.ManagerKey, fixture.ViewerKey, fixture.NameOnlyKey })
        {
            using var client = fixture.Key(key);
            foreach (var (_, method, path) in adminOnly)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method is "GET" or "DELETE" ? null : new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
                using var response = await client.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {(int)response.StatusCode}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
    }

    [Fact]
    public async Task Scoped_endpoints_refuse_a_scope_not_granted_and_accept_a_granted_one()
    {
        var scoped = Endpoints().Where(e => e.Endpoint.Metadata.GetMetadata<AccessMetadata>()?.Kind == AccessKind.ScopedRead).ToList();
        Assert.Contains(scoped, e => e.Path == "/api/asteroid/stats/daily");
        Assert.Contains(scoped, e => e.Path == "/api/asteroid/stats/export");
        Assert.Contains(scoped, e => e.Path == "/api/asteroid/stats/listeners");
        foreach (var key in new[] { fixture.ManagerKey, fixture.ViewerKey })
        {
            using var client = fixture.Key(key);
            foreach (var (_, method, path) in scoped)
            {
                using var denied = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"{path}?{DeniedScope}"));
                using var allowed = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"{path}?{AllowedScope}"));
                Assert.True(denied.StatusCode == HttpStatusCode.Forbidden, $"{method} {path} out of scope: {(int)denied.StatusCode}");
                Assert.Equal("application/problem+json", denied.Content.Headers.ContentType?.MediaType);
                Assert.True((int)allowed.StatusCode is >= 200 and < 300 or 400 or 404, $"{method} {path} in scope: {(int)allowed.StatusCode}");
            }
        }

        using var nameOnly = fixture.Key(fixture.NameOnlyKey);
        foreach (var (_, method, path) in scoped)
        {
            using var response = await nameOnly.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"{path}?{AllowedScope}"));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path} with a name-only key: {(int)response.StatusCode}");
        }
    }
}
