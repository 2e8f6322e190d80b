using System.Text.Json.Serialization;
using Asteroid.Alerts;
using Asteroid.ScheduledReports;

namespace Asteroid.Web.Alerts;

/// <summary>Body of <c>PUT /api/asteroid/admin/report-schedules/{id}</c> (docs/alerts.md "Scheduled reports").</summary>
public sealed record class ReportScheduleRequest(
    string? Name,
    string? Period,
    ReportScopeBody? Scope,
    IReadOnlyList<AlertDeliveryBody>? Deliveries,
    IReadOnlyList<string>? Attachments = null,
    bool? Royalties = null,
    bool? Enabled = null)
{
    public Dictionary<string, string[]> Validate(string id, bool smtpConfigured)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string key, string message) => errors[key] = [message];
        if (!AlertRuleRequest.IsValidId(id))
        {
            Add("id", "a report schedule id is 1-64 characters: letters, digits, '.', '_' and '-'");
        }

        if (Name is not { Length: > 0 and <= 200 } || Name.Any(char.IsControl))
        {
            Add("name", "name is 1-200 characters without control characters");
        }

        if (Period is null || !ReportPeriodKinds.All.Contains(Period))
        {
            Add("period", $"period is one of {string.Join(", ", ReportPeriodKinds.All)}");
        }

        if (Scope is { } scope && scope.Check() is { } why)
        {
            Add("scope", why);
        }

        if (Attachments is { } attachments
            && (attachments.Count > ReportAttachmentKinds.All.Count || attachments.Any(a => !ReportAttachmentKinds.All.Contains(a)) || attachments.Distinct().Count() != attachments.Count))
        {
            Add("attachments", $"attachments lists distinct CSVs among {string.Join(", ", ReportAttachmentKinds.All)}");
        }

        if (Royalties == true && (Scope?.Station is null || Period != ReportPeriodKinds.Monthly))
        {
            Add("royalties", "royalty files come with a station's monthly report (scope.station, period monthly)");
        }

        AlertDeliveryBody.CheckList(Deliveries, smtpConfigured, Add);

        return errors;
    }

    public ReportSchedule ToSchedule(string id) => new(
        id, Name!, Period!, Scope?.ToScope(), [.. Deliveries!.Select(d => d.ToTarget())], [.. Attachments ?? [ReportAttachmentKinds.Daily]], Royalties ?? false, Enabled ?? true);
}

/// <summary>The scope of a report: <c>station</c> or <c>group</c>; omitted: the network.</summary>
public sealed record class ReportScopeBody(string? Station, string? Group)
{
    public string? Check() =>
        Station is not null && Group is not null ? "scope names a station or a group; omit scope for the network"
        : new[] { Station, Group }.Any(v => v is not null && (v.Length is 0 or > 100 || v.Any(char.IsControl))) ? "scope ids are 1-100 characters without control characters"
        : null;

    public AlertScope? ToScope() => Station is null && Group is null ? null : new AlertScope(Station, Group);
}

/// <summary>A schedule as the API answers it: webhook secrets replaced by <c>hasSecret</c>.</summary>
public sealed record class ReportScheduleView(
    string Id,
    string Name,
    string Period,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AlertScopeView? Scope,
    IReadOnlyList<AlertDeliveryView> Deliveries,
    IReadOnlyList<string> Attachments,
    bool Royalties,
    bool Enabled,
    DateTimeOffset ActiveSince,
    DateTimeOffset UpdatedAt)
{
    public static ReportScheduleView Of(ReportSchedule s) => new(
        s.Id, s.Name, s.Period, s.Scope is { } scope ? new AlertScopeView(scope.Station, scope.Group, null, null) : null,
        [.. s.Deliveries.Select(d => d.Webhook is not null ? new AlertDeliveryView(d.Webhook, d.Preset ?? AlertPresets.Json, d.Secret is not null, null) : new AlertDeliveryView(null, null, null, d.Email))],
        s.Attachments, s.Royalties, s.Enabled, s.ActiveSince, s.UpdatedAt);

    /// <summary>What the audit log keeps: webhook URLs cut to scheme and host.</summary>
    public ReportScheduleView ForAudit() => this with
    {
        Deliveries = [.. Deliveries.Select(d => d.Webhook is { } url ? d with { Webhook = new Uri(url.GetLeftPart(UriPartial.Authority)) } : d)],
    };
}
