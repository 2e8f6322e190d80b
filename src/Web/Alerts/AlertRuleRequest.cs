using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Asteroid.Alerts;

namespace Asteroid.Web.Alerts;

/// <summary>Body of <c>PUT /api/asteroid/admin/alerts/{id}</c> (docs/alerts.md).</summary>
public sealed partial record class AlertRuleRequest(
    string? Kind,
    AlertScopeBody? Scope,
    int? ForSeconds,
    double? Percent,
    double? Threshold,
    int? QuietMinutes,
    IReadOnlyList<AlertDeliveryBody>? Deliveries,
    string? Direction = null,
    double? MinimumBaseline = null,
    bool? Enabled = null)
{
    public const int MaxDeliveries = 10;
    public const int MaxAddresses = 20;
    public const int DefaultForSeconds = 60;
    public const int DefaultQuietMinutes = 30;
    public const string IdRule = "an alert rule id is 1-64 characters: letters, digits, '.', '_' and '-'";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex IdPattern();

    public static bool IsValidId(string id) => IdPattern().IsMatch(id);

    public Dictionary<string, string[]> Validate(string id, bool smtpConfigured)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string key, string message) => errors[key] = [message];
        if (!IsValidId(id))
        {
            Add("id", IdRule);
        }

        if (Kind is null || !AlertKinds.All.Contains(Kind))
        {
            Add("kind", $"kind is one of {string.Join(", ", AlertKinds.All)}");
        }

        if (Scope is { } scope && scope.Check() is { } why)
        {
            Add("scope", why);
        }

        if (ForSeconds is < 0 or > 7 * 86400)
        {
            Add("forSeconds", "forSeconds is 0-604800 (default 60)");
        }

        if (QuietMinutes is < 0 or > 7 * 1440)
        {
            Add("quietMinutes", "quietMinutes is 0-10080 (default 30)");
        }

        if (Kind == AlertKinds.AudienceDrop && Percent is not (> 0 and < 100))
        {
            Add("percent", "an audience-drop rule needs percent, above 0 and below 100: alert when listeners fall below that share of the usual level");
        }
        else if (Percent is < 0 or > 100)
        {
            Add("percent", "percent is 0-100");
        }

        if (Kind == AlertKinds.Threshold && Threshold is not (>= 0 and <= 10_000_000))
        {
            Add("threshold", "a threshold rule needs threshold, a listener count 0-10000000");
        }

        if (Direction is not (null or "above" or "below"))
        {
            Add("direction", "direction is 'above' (default) or 'below'");
        }

        if (MinimumBaseline is < 0 or > 10_000_000)
        {
            Add("minimumBaseline", "minimumBaseline is a listener count 0-10000000");
        }

        AlertDeliveryBody.CheckList(Deliveries, smtpConfigured, Add);

        return errors;
    }

    public AlertRule ToRule(string id) => new(
        id, Kind!, Scope?.ToScope(), ForSeconds ?? DefaultForSeconds, Percent, Threshold, QuietMinutes ?? DefaultQuietMinutes,
        [.. Deliveries!.Select(d => d.ToTarget())], Kind == AlertKinds.Threshold ? Direction ?? "above" : Direction, MinimumBaseline, Enabled ?? true);
}

/// <summary>The scope of a rule: <c>station</c>, <c>group</c>, <c>server</c>, or <c>server</c> + <c>mount</c>; omitted: the network.</summary>
public sealed record class AlertScopeBody(string? Station, string? Group, string? Server, string? Mount)
{
    public string? Check()
    {
        var named = new[] { Station, Group, Server }.Count(v => v is not null);
        if (named > 1)
        {
            return "scope names one of station, group or server (+ mount); omit scope for the network";
        }

        if (Mount is not null && Server is null)
        {
            return "scope.mount needs scope.server";
        }

        if (Mount is not null && (!Mount.StartsWith('/') || Mount.Length > 200 || Mount.Any(char.IsControl)))
        {
            return "scope.mount is a mount path such as /live.mp3 (at most 200 characters)";
        }

        return new[] { Station, Group, Server }.Any(v => v is not null && (v.Length is 0 or > 100 || v.Any(char.IsControl)))
            ? "scope ids are 1-100 characters without control characters"
            : null;
    }

    public AlertScope? ToScope() => Station is null && Group is null && Server is null ? null : new AlertScope(Station, Group, Server, Mount);
}

/// <summary>One delivery target: a webhook (<c>webhook</c> URL, optional <c>secret</c> and
/// <c>preset</c>: json, slack, discord, teams) or <c>email</c> (addresses).</summary>
public sealed record class AlertDeliveryBody(Uri? Webhook, string? Secret, string? Preset, IReadOnlyList<string>? Email)
{
    /// <summary>Checks a rule's or a report schedule's <c>deliveries</c>: 1-<see cref="AlertRuleRequest.MaxDeliveries"/>
    /// targets, each valid; each problem goes to <paramref name="add"/> under its field name.</summary>
    public static void CheckList(IReadOnlyList<AlertDeliveryBody>? deliveries, bool smtpConfigured, Action<string, string> add)
    {
        if (deliveries is not { Count: > 0 and <= AlertRuleRequest.MaxDeliveries })
        {
            add("deliveries", $"deliveries lists 1-{AlertRuleRequest.MaxDeliveries} targets: {{\"webhook\": URL, \"secret\", \"preset\"}} or {{\"email\": [addresses]}}");
            return;
        }

        for (var i = 0; i < deliveries.Count; i++)
        {
            if (deliveries[i] is null)
            {
                add($"deliveries[{i}]", "a delivery is an object: {\"webhook\": URL} or {\"email\": [addresses]}");
            }
            else if (deliveries[i].Check(smtpConfigured) is { } problem)
            {
                add($"deliveries[{i}]", problem);
            }
        }
    }

    public string? Check(bool smtpConfigured)
    {
        if ((Webhook is null) == (Email is null))
        {
            return "a delivery is either {\"webhook\": URL} or {\"email\": [addresses]}";
        }

        if (Webhook is { } url)
        {
            if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https") || url.OriginalString.Length > 2000 || !string.IsNullOrEmpty(url.UserInfo))
            {
                return "webhook is an absolute http(s) URL of at most 2000 characters, without user:password@";
            }

            if (Preset is not null && !AlertPresets.All.Contains(Preset))
            {
                return $"preset is one of {string.Join(", ", AlertPresets.All)}";
            }

            return Secret is { Length: > 500 } ? "secret is at most 500 characters" : null;
        }

        if (Email is not { Count: > 0 and <= AlertRuleRequest.MaxAddresses }
            || Email.Any(a => a is null || a.Length > 254 || !MimeKit.MailboxAddress.TryParse(a, out var parsed) || !parsed.Address.Contains('@', StringComparison.Ordinal)))
        {
            return $"email lists 1-{AlertRuleRequest.MaxAddresses} addresses (name@example.org)";
        }

        return smtpConfigured ? null : "e-mail deliveries need an SMTP server: set Smtp:Host and Smtp:From";
    }

    public AlertDeliveryTarget ToTarget() => Webhook is not null
        ? new AlertDeliveryTarget(Webhook, Secret, Preset ?? AlertPresets.Json)
        : new AlertDeliveryTarget(Email: [.. Email!]);
}

/// <summary>A rule as the API answers it: webhook secrets replaced by <c>hasSecret</c>.</summary>
public sealed record class AlertRuleView(
    string Id,
    string Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AlertScopeView? Scope,
    int ForSeconds,
    double? Percent,
    double? Threshold,
    string? Direction,
    double? MinimumBaseline,
    int QuietMinutes,
    bool Enabled,
    IReadOnlyList<AlertDeliveryView> Deliveries,
    DateTimeOffset UpdatedAt)
{
    public static AlertRuleView Of(AlertRule rule) => new(
        rule.Id, rule.Kind, rule.Scope is { } s ? new AlertScopeView(s.Station, s.Group, s.Server, s.Mount) : null, rule.ForSeconds, rule.Percent, rule.Threshold,
        rule.Direction, rule.MinimumBaseline, rule.QuietMinutes, rule.Enabled,
        [.. rule.Deliveries.Select(d => d.Webhook is not null ? new AlertDeliveryView(d.Webhook, d.Preset ?? AlertPresets.Json, d.Secret is not null, null) : new AlertDeliveryView(null, null, null, d.Email))],
        rule.UpdatedAt);

    /// <summary>What the audit log keeps of a rule: webhook URLs cut to scheme and host (a Slack,
    /// Discord or Teams URL is itself a credential).</summary>
    public AlertRuleView ForAudit() => this with
    {
        Deliveries = [.. Deliveries.Select(d => d.Webhook is { } url ? d with { Webhook = new Uri(url.GetLeftPart(UriPartial.Authority)) } : d)],
    };
}

public sealed record class AlertScopeView(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Station,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Group,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Server,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Mount);

public sealed record class AlertDeliveryView(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Uri? Webhook,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Preset,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? HasSecret,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Email);
