using System.Security.Claims;
using Asteroid.Alerts;
using Asteroid.ScheduledReports;
using Asteroid.Web.Access;
using Asteroid.Web.Access.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Asteroid.Web.Alerts;

/// <summary>Scheduled reports (docs/alerts.md "Scheduled reports"): <c>/api/asteroid/admin/report-schedules[/{id}]</c>,
/// "send now" (<c>POST …/{id}/send</c>, at most <c>RateLimits:ReportSendsPerMinute</c> a minute per schedule, else 429) and the runs with their deliveries (<c>GET …/{id}/runs</c>).
/// Access as the alert rules: admins every schedule; managers those of their stations; viewers none.</summary>
public static class ReportScheduleAdminApi
{
    public const int MaxRuns = 200;

    public static IEndpointRouteBuilder MapReportScheduleAdmin(this IEndpointRouteBuilder api)
    {
        var schedules = api.MapGroup("/admin/report-schedules").Filtered();
        schedules.MapGet("/", ListAsync);
        schedules.MapGet("/{id}", GetAsync);
        schedules.MapPut("/{id}", PutAsync);
        schedules.MapDelete("/{id}", DeleteAsync);
        schedules.MapPost("/{id}/send", SendAsync).RequireRateLimiting(Hosting.RateLimitingExtensions.ReportSendPolicy)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        schedules.MapGet("/{id}/runs", RunsAsync);
        return api;
    }

    private static IReportSchedulesGrain Schedules(IGrainFactory grains) => grains.GetGrain<IReportSchedulesGrain>(IReportSchedulesGrain.Key);

    private static async Task<Results<Ok<ReportScheduleView[]>, ProblemHttpResult>> ListAsync(IGrainFactory grains, ClaimsPrincipal who, AccessRulesSource access)
    {
        var (grants, rules) = (AccessClaims.GrantsOf(who), await access.CurrentAsync());
        if (!MayUse(grants))
        {
            return NotForYou();
        }

        var all = await Schedules(grains).List();
        return TypedResults.Ok(all.Where(s => AlertAccess.MayManage(rules, grants, s.Scope)).Select(ReportScheduleView.Of).ToArray());
    }

    private static async Task<Results<Ok<ReportScheduleView>, ProblemHttpResult>> GetAsync(string id, IGrainFactory grains, ClaimsPrincipal who, AccessRulesSource access)
    {
        var (schedule, problem) = await FindAsync(id, grains, who, access);
        return schedule is null ? problem! : TypedResults.Ok(ReportScheduleView.Of(schedule));
    }

    private static async Task<Results<Ok<ReportScheduleView>, Created<ReportScheduleView>, ValidationProblem, ProblemHttpResult>> PutAsync(
        string id, ReportScheduleRequest body, IGrainFactory grains, AuditLog audit, ClaimsPrincipal who, AccessRulesSource access)
    {
        var (grants, rules) = (AccessClaims.GrantsOf(who), await access.CurrentAsync());
        if (!MayUse(grants))
        {
            return NotForYou();
        }

        var errors = body.Validate(id, await grains.GetGrain<IAlertRulesGrain>(IAlertRulesGrain.Key).CanSendEmail());
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The report schedule is not valid");
        }

        var schedule = body.ToSchedule(id);
        if (!AlertAccess.MayManage(rules, grants, schedule.Scope))
        {
            return EndpointAccess.Forbidden("A manager's report schedules cover one of their stations (scope.station); only admins schedule reports of groups or the network.");
        }

        if (!grants.IsAdmin && schedule.Deliveries.FirstOrDefault(d => d.Webhook is { } url && WebhookTargets.IsInternal(url)) is { } internalTarget)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["deliveries"] = [$"{internalTarget.Webhook!.Host} is a loopback, link-local or private address: only admins may send webhooks there"] },
                title: "The report schedule is not valid");
        }

        var existing = await Schedules(grains).Get(id);
        if (existing is not null && !AlertAccess.MayManage(rules, grants, existing.Scope))
        {
            return Unknown(id);
        }

        var (stored, created) = await Schedules(grains).Put(schedule);
        var view = ReportScheduleView.Of(stored);
        await audit.WriteAsync(who, created ? "report-schedule.create" : "report-schedule.update", id, existing is null ? null : ReportScheduleView.Of(existing).ForAudit(), view.ForAudit());
        return created ? TypedResults.Created($"/api/asteroid/admin/report-schedules/{id}", view) : TypedResults.Ok(view);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, IGrainFactory grains, AuditLog audit, ClaimsPrincipal who, AccessRulesSource access)
    {
        var (schedule, problem) = await FindAsync(id, grains, who, access);
        if (schedule is null)
        {
            return problem!;
        }

        await Schedules(grains).Delete(id);
        await audit.WriteAsync(who, "report-schedule.delete", id, ReportScheduleView.Of(schedule).ForAudit(), null);
        return TypedResults.NoContent();
    }

    /// <summary>"Send now": the last closed period, built now and queued to every target (202 with the run).</summary>
    private static async Task<Results<Accepted<ReportRun>, ProblemHttpResult>> SendAsync(string id, IGrainFactory grains, AuditLog audit, ClaimsPrincipal who, AccessRulesSource access)
    {
        var (schedule, problem) = await FindAsync(id, grains, who, access);
        if (schedule is null)
        {
            return problem!;
        }

        if (await Schedules(grains).SendNow(id) is not { } run)
        {
            return Unknown(id);
        }

        await audit.WriteAsync(who, "report-schedule.send", id, null, new { run.Id, run.From, run.To, run.Status });
        return TypedResults.Accepted($"/api/asteroid/admin/report-schedules/{id}/runs", Visible(run, AccessClaims.GrantsOf(who)));
    }

    private static async Task<Results<Ok<ReportRun[]>, ValidationProblem, ProblemHttpResult>> RunsAsync(
        string id, int? limit, IGrainFactory grains, ClaimsPrincipal who, AccessRulesSource access)
    {
        if (limit is < 1 or > MaxRuns)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"limit is 1-{MaxRuns} (default 20)"] });
        }

        var (schedule, problem) = await FindAsync(id, grains, who, access);
        if (schedule is null)
        {
            return problem!;
        }

        var grants = AccessClaims.GrantsOf(who);
        return TypedResults.Ok((await Schedules(grains).Runs(id, limit ?? 20)).Select(r => Visible(r, grants)).ToArray());
    }

    /// <summary>Answers of receivers are for admins: the status code and error are enough for others.</summary>
    private static ReportRun Visible(ReportRun run, Grants grants) => grants.IsAdmin
        ? run
        : run with { Deliveries = [.. run.Deliveries.Select(d => d with { History = [.. d.History.Select(a => a with { Answer = null })] })] };

    private static Task<(ReportSchedule? Item, ProblemHttpResult? Problem)> FindAsync(string id, IGrainFactory grains, ClaimsPrincipal who, AccessRulesSource access) =>
        AlertAccess.FindAsync(id, who, access, Kind, Schedules(grains).Get, s => s.Scope);

    private static readonly AlertAccess.Managed Kind = new("report schedule", "report schedules");

    private static bool MayUse(Grants grants) => AlertAccess.MayUse(grants);

    private static ProblemHttpResult NotForYou() => Kind.NotForYou();

    private static ProblemHttpResult Unknown(string id) => Kind.Unknown(id);
}
