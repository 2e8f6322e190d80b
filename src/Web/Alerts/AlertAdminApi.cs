using System.Security.Claims;
using Asteroid.Alerts;
using Asteroid.Web.Access;
using Asteroid.Web.Access.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Asteroid.Web.Alerts;

/// <summary>Alert rules (docs/alerts.md): <c>/api/asteroid/admin/alerts[/{id}]</c>, their history,
/// deliveries and a send-test action, and the network-wide history <c>/admin/alert-history</c>.
/// Admins manage every rule; managers the rules of their stations (a station scope, or a mount of
/// one); viewers none. Webhook secrets are write-only: answers say <c>hasSecret</c>.</summary>
public static class AlertAdminApi
{
    public const int MaxHistory = 500;

    public static IEndpointRouteBuilder MapAlertAdmin(this IEndpointRouteBuilder api)
    {
        var alerts = api.MapGroup("/admin/alerts").Filtered();
        alerts.MapGet("/", ListAsync);
        alerts.MapGet("/{id}", GetAsync);
        alerts.MapPut("/{id}", PutAsync);
        alerts.MapDelete("/{id}", DeleteAsync);
        alerts.MapGet("/{id}/history", HistoryAsync);
        alerts.MapGet("/{id}/deliveries", DeliveriesAsync);
        alerts.MapPost("/{id}/test", TestAsync);
        api.MapGet("/admin/alert-history", NetworkHistoryAsync).Filtered();
        return api;
    }

    private static IAlertRulesGrain Rules(IGrainFactory grains) => grains.GetGrain<IAlertRulesGrain>(IAlertRulesGrain.Key);

    private static async Task<Results<Ok<AlertRuleView[]>, ProblemHttpResult>> ListAsync(IGrainFactory grains, ClaimsPrincipal who, AccessRulesSource access)
    {
        var (grants, rules) = (AccessClaims.GrantsOf(who), await access.CurrentAsync());
        if (!MayUseAlerts(grants))
        {
            return NotForYou();
        }

        var all = await Rules(grains).List();
        return TypedResults.Ok(all.Where(r => AlertAccess.MayManage(rules, grants, r.Scope)).Select(AlertRuleView.Of).ToArray());
    }

    private static async Task<Results<Ok<AlertRuleView>, ProblemHttpResult>> GetAsync(string id, IGrainFactory grains, ClaimsPrincipal who, AccessRulesSource access)
    {
        var (rule, problem) = await FindAsync(id, grains, who, access);
        return rule is null ? problem! : TypedResults.Ok(AlertRuleView.Of(rule));
    }

    private static async Task<Results<Ok<AlertRuleView>, Created<AlertRuleView>, ValidationProblem, ProblemHttpResult>> PutAsync(
        string id, AlertRuleRequest body, IGrainFactory grains, AuditLog audit, ClaimsPrincipal who, AccessRulesSource access)
    {
        var (grants, rules) = (AccessClaims.GrantsOf(who), await access.CurrentAsync());
        if (!MayUseAlerts(grants))
        {
            return NotForYou();
        }

        var errors = body.Validate(id, await Rules(grains).CanSendEmail());
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The alert rule is not valid");
        }

        var rule = body.ToRule(id);
        if (!AlertAccess.MayManage(rules, grants, rule.Scope))
        {
            return EndpointAccess.Forbidden(AlertAccess.Why(grants));
        }

        if (!grants.IsAdmin && rule.Deliveries.FirstOrDefault(d => d.Webhook is { } url && WebhookTargets.IsInternal(url)) is { } internalTarget)
        {
            // Only admins may point webhooks at this machine or the private network (managers could
            // otherwise make the service probe internal services and read their answers).
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["deliveries"] = [$"{internalTarget.Webhook!.Host} is a loopback, link-local or private address: only admins may send webhooks there"] },
                title: "The alert rule is not valid");
        }

        var existing = await Rules(grains).Get(id);
        if (existing is not null && !AlertAccess.MayManage(rules, grants, existing.Scope))
        {
            return Kind.Unknown(id); // as GET answers: ids do not leak
        }

        var (stored, created) = await Rules(grains).Put(rule);
        var view = AlertRuleView.Of(stored);
        await audit.WriteAsync(who, created ? "alert.create" : "alert.update", id, existing is null ? null : AlertRuleView.Of(existing).ForAudit(), view.ForAudit());
        return created ? TypedResults.Created($"/api/asteroid/admin/alerts/{id}", view) : TypedResults.Ok(view);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, IGrainFactory grains, AuditLog audit, ClaimsPrincipal who, AccessRulesSource access)
    {
        var (rule, problem) = await FindAsync(id, grains, who, access);
        if (rule is null)
        {
            return problem!;
        }

        await Rules(grains).Delete(id);
        await audit.WriteAsync(who, "alert.delete", id, AlertRuleView.Of(rule).ForAudit(), null);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<IReadOnlyList<AlertEvent>>, ValidationProblem, ProblemHttpResult>> HistoryAsync(
        string id, int? limit, long? before, IGrainFactory grains, ClaimsPrincipal who, AccessRulesSource access)
    {
        if (limit is < 1 or > MaxHistory || before is < 1)
        {
            return LimitProblem();
        }

        var (rule, problem) = await FindAsync(id, grains, who, access);
        return rule is null ? problem! : TypedResults.Ok(await Rules(grains).History(id, limit ?? 100, before));
    }

    private static async Task<Results<Ok<IReadOnlyList<AlertDelivery>>, ValidationProblem, ProblemHttpResult>> DeliveriesAsync(
        string id, int? limit, IGrainFactory grains, ClaimsPrincipal who, AccessRulesSource access)
    {
        if (limit is < 1 or > MaxHistory)
        {
            return LimitProblem();
        }

        var (rule, problem) = await FindAsync(id, grains, who, access);
        if (rule is null)
        {
            return problem!;
        }

        var deliveries = await Rules(grains).Deliveries(id, limit ?? 100);
        // Answers of receivers are for admins: the status code and error are enough for others.
        return TypedResults.Ok(AccessClaims.GrantsOf(who).IsAdmin
            ? deliveries
            : (IReadOnlyList<AlertDelivery>)[.. deliveries.Select(d => d with { History = [.. d.History.Select(a => a with { Answer = null })] })]);
    }

    private static async Task<Results<Accepted<AlertEvent>, ProblemHttpResult>> TestAsync(string id, IGrainFactory grains, AuditLog audit, ClaimsPrincipal who, AccessRulesSource access)
    {
        var (rule, problem) = await FindAsync(id, grains, who, access);
        if (rule is null)
        {
            return problem!;
        }

        var alert = await Rules(grains).Test(id);
        if (alert is null)
        {
            return Kind.Unknown(id);
        }

        await audit.WriteAsync(who, "alert.test", id, null, new { alert.Id, deliveries = rule.Deliveries.Count });
        return TypedResults.Accepted($"/api/asteroid/admin/alerts/{id}/deliveries", alert);
    }

    /// <summary>Every fired alert the caller may see, newest first.</summary>
    private static async Task<Results<Ok<AlertEvent[]>, ValidationProblem, ProblemHttpResult>> NetworkHistoryAsync(
        int? limit, long? before, IGrainFactory grains, ClaimsPrincipal who, AccessRulesSource access)
    {
        if (limit is < 1 or > MaxHistory || before is < 1)
        {
            return LimitProblem();
        }

        var (grants, rules) = (AccessClaims.GrantsOf(who), await access.CurrentAsync());
        if (!MayUseAlerts(grants))
        {
            return NotForYou();
        }

        var wanted = limit ?? 100;
        if (grants.IsAdmin)
        {
            return TypedResults.Ok((await Rules(grains).History(null, wanted, before)).ToArray());
        }

        // A manager's page holds `limit` events of their scopes: read on (newest first) past the
        // others' events, a bounded number of pages, rather than answer a short or empty page.
        var visible = new List<AlertEvent>();
        var cursor = before;
        for (var page = 0; page < 20 && visible.Count < wanted; page++)
        {
            var events = await Rules(grains).History(null, MaxHistory, cursor);
            visible.AddRange(events.Where(e => AlertAccess.MayManage(rules, grants, AlertAccess.ParseScope(e.Scope))).Take(wanted - visible.Count));
            if (events.Count < MaxHistory)
            {
                break;
            }

            cursor = events[^1].Id;
        }

        return TypedResults.Ok(visible.ToArray());
    }

    private static Task<(AlertRule? Item, ProblemHttpResult? Problem)> FindAsync(string id, IGrainFactory grains, ClaimsPrincipal who, AccessRulesSource access) =>
        AlertAccess.FindAsync(id, who, access, Kind, Rules(grains).Get, r => r.Scope);

    private static readonly AlertAccess.Managed Kind = new("alert rule", "alert rules");

    private static bool MayUseAlerts(Grants grants) => AlertAccess.MayUse(grants);

    private static ProblemHttpResult NotForYou() => Kind.NotForYou();

    private static ValidationProblem LimitProblem() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"limit is 1-{MaxHistory} (default 100); before is an event id"] });
}

/// <summary>Who may manage a rule of a scope: admins any; managers a station they manage or a mount of one.</summary>
public static class AlertAccess
{
    /// <summary>What admins and managers manage (alert rules, report schedules): the names its answers use.</summary>
    public sealed record class Managed(string Singular, string Plural)
    {
        public ProblemHttpResult NotForYou() => EndpointAccess.Forbidden($"Only admins and managers manage {Plural}.");

        public ProblemHttpResult Unknown(string id) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
            title: "Unknown " + Singular, detail: $"No {Singular} with id '{id}' that you manage.");
    }

    /// <summary>Alert rules and report schedules are for admins and managers; viewers have none.</summary>
    public static bool MayUse(Grants grants) => grants.IsAdmin || grants.Role == Roles.Manager;

    /// <summary>The item <paramref name="id"/> when the caller may manage it; else 403 (a viewer) or 404
    /// (unknown, or outside a manager's stations: a manager learns nothing about those).</summary>
    public static async Task<(T? Item, ProblemHttpResult? Problem)> FindAsync<T>(string id, ClaimsPrincipal who, AccessRulesSource access, Managed kind,
        Func<string, Task<T?>> get, Func<T, AlertScope?> scopeOf)
        where T : class
    {
        var (grants, rules) = (AccessClaims.GrantsOf(who), await access.CurrentAsync());
        if (!MayUse(grants))
        {
            return (null, kind.NotForYou());
        }

        if (!AlertRuleRequest.IsValidId(id) || await get(id) is not { } item)
        {
            return (null, kind.Unknown(id));
        }

        return MayManage(rules, grants, scopeOf(item)) ? (item, null) : (null, kind.Unknown(id));
    }

    public static bool MayManage(AccessRules rules, Grants grants, AlertScope? scope) =>
        grants.IsAdmin || (grants.Role == Roles.Manager && scope switch
        {
            { Station: { } station } => rules.MayManageStation(grants, station),
            { Server: { } server, Mount: { } mount, Group: null } => rules.MayManageStation(grants, rules.StationOfMount(server, mount)),
            _ => false,
        });

    public static string Why(Grants grants) => grants.IsAdmin
        ? "not allowed"
        : "A manager's alert rules watch one of their stations (scope.station) or a mount of one (scope.server + scope.mount); only admins set rules on groups, servers or the network.";

    /// <summary>Reads back the scope text of a fired alert (<see cref="AlertScope.ToString"/>).</summary>
    public static AlertScope? ParseScope(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var (kind, id) = colon < 0 ? (text, "") : (text[..colon], text[(colon + 1)..]);
        return kind switch
        {
            "station" => new AlertScope(Station: id),
            "group" => new AlertScope(Group: id),
            "server" => new AlertScope(Server: id),
            "mount" when id.IndexOf('/', StringComparison.Ordinal) is var slash and > 0 => new AlertScope(Server: id[..slash], Mount: id[slash..]),
            _ => null,
        };
    }
}
